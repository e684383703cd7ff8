{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[returns.title]]</h1>
  <p class="help">[[returns.help]]</p>
  {{>SUBNAV}}
  {{#ATTENTION}}
  <div class="card attention" role="region" aria-labelledby="att-title">
    <h2 id="att-title">[[att.title]]</h2>
    <ul>{{#item}}<li><a href="{{BASE}}{{href}}">{{text}}</a></li>{{/item}}</ul>
  </div>
  {{/ATTENTION}}
  {{#ALL_CLEAR}}<p class="notice ok attention-clear" role="status">[[att.none]]</p>{{/ALL_CLEAR}}
  <div class="card">
    <div class="tab-head">
      <h2>[[forecast.title]]</h2>
      <a href="{{BASE}}/returns/forecast">[[forecast.details]]</a>
    </div>
    <p class="hint">[[forecast.estimates]] {{#LATEST}}[[forecast.latest]] {{latest}}.{{/LATEST}}{{#NO_DATA}}[[forecast.no_data]]{{/NO_DATA}}</p>
    <ol class="days">
      {{#fday}}<li><span class="wd">{{weekday}}</span> <span class="date">{{date}}</span> <strong class="n">{{count}}</strong></li>{{/fday}}
    </ol>
    <p><a href="{{BASE}}/returns/forecast#overdue">[[forecast.overdue]] <strong>{{overdue}}</strong></a> · [[forecast.later]] <strong>{{later}}</strong> · [[forecast.in_transit]] <strong>{{in_transit}}</strong></p>
  </div>
  {{#REASONS}}
  <div class="card">
    <h2>[[reasons.title]]</h2>
    <ul class="reasons">{{#reason}}<li><span class="r-label">{{label}}</span> <meter class="r-bar" min="0" max="{{max}}" value="{{n}}">{{n}}</meter> <strong>{{n}}</strong></li>{{/reason}}</ul>
  </div>
  {{/REASONS}}
  <div class="card">
    <div class="tab-head">
      <h2>[[history.title]]</h2>
      <a href="{{BASE}}/returns/history">[[history.details]]</a>
    </div>
    <img class="chart" src="{{BASE}}/returns/history.svg?by=month" width="720" height="300" alt="[[history.chart_alt]]">
  </div>
</section>

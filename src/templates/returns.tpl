{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[returns.title]]</h1>
  <p class="help">[[returns.help]]</p>
  {{>SUBNAV}}
  <div class="card">
    <div class="tab-head">
      <h2>[[forecast.title]]</h2>
      <a href="/returns/forecast">[[forecast.details]]</a>
    </div>
    <p class="hint">[[forecast.estimates]] {{#LATEST}}[[forecast.latest]] {{latest}}.{{/LATEST}}{{#NO_DATA}}[[forecast.no_data]]{{/NO_DATA}}</p>
    <ol class="days">
      {{#fday}}<li><span class="wd">{{weekday}}</span> <span class="date">{{date}}</span> <strong class="n">{{count}}</strong></li>{{/fday}}
    </ol>
    <p>[[forecast.overdue]] <strong>{{overdue}}</strong> · [[forecast.later]] <strong>{{later}}</strong> · [[forecast.in_transit]] <strong>{{in_transit}}</strong></p>
  </div>
  <div class="card">
    <div class="tab-head">
      <h2>[[history.title]]</h2>
      <a href="/returns/history">[[history.details]]</a>
    </div>
    <img class="chart" src="/returns/history.svg?by=month" width="720" height="300" alt="[[history.chart_alt]]">
  </div>
</section>

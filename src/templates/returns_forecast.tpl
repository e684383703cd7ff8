{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[forecast.title]]</h1>
  {{>SUBNAV}}
  <p class="help">[[forecast.help]]</p>
  <p class="hint">[[forecast.estimates]] {{#LATEST}}[[forecast.latest]] {{latest}}.{{/LATEST}}{{#NO_DATA}}[[forecast.no_data]]{{/NO_DATA}}</p>
  <p class="downloads">[[download.label]] <a href="{{BASE}}/returns/forecast.xlsx">Excel</a> · <a href="{{BASE}}/returns/forecast.csv">CSV</a></p>
  <ol class="days">
    {{#fday}}<li><span class="wd">{{weekday}}</span> <span class="date">{{date}}</span> <strong class="n">{{count}}</strong></li>{{/fday}}
  </ol>
  <p><a href="#overdue">[[forecast.overdue]] <strong>{{overdue}}</strong></a> · [[forecast.later]] <strong>{{later}}</strong> · [[forecast.in_transit]] <strong>{{in_transit}}</strong></p>
  <h2>[[forecast.by_policy]]</h2>
  <div class="table-wrap"><table class="data num">
    <thead><tr><th scope="col">[[policy.number]]</th><th scope="col">[[policy.name]]</th>{{#head}}<th scope="col">{{date}}</th>{{/head}}<th scope="col">[[forecast.overdue_col]]</th><th scope="col">[[forecast.total]]</th></tr></thead>
    <tbody>{{#pol}}<tr><td data-label="[[policy.number]]">{{key}}</td><td data-label="[[policy.name]]">{{label}}</td>{{#c}}<td data-label="{{d}}">{{n}}</td>{{/c}}<td data-label="[[forecast.overdue_col]]">{{overdue}}</td><td data-label="[[forecast.total]]">{{total}}</td></tr>{{/pol}}</tbody>
  </table></div>
  <h2>[[forecast.by_service]]</h2>
  <div class="table-wrap"><table class="data num">
    <thead><tr><th scope="col">[[policy.service]]</th>{{#head}}<th scope="col">{{date}}</th>{{/head}}<th scope="col">[[forecast.overdue_col]]</th><th scope="col">[[forecast.total]]</th></tr></thead>
    <tbody>{{#svc}}<tr><td data-label="[[policy.service]]">{{key}}</td>{{#c}}<td data-label="{{d}}">{{n}}</td>{{/c}}<td data-label="[[forecast.overdue_col]]">{{overdue}}</td><td data-label="[[forecast.total]]">{{total}}</td></tr>{{/svc}}</tbody>
  </table></div>
  <h2 id="overdue">[[forecast.late_title]]</h2>
  {{#LATE}}
  <div class="table-wrap"><table class="data">
    <thead><tr><th scope="col">[[ret.tracking_number]]</th><th scope="col">[[filter.policy]]</th><th scope="col">[[forecast.late_expected]]</th></tr></thead>
    <tbody>{{#late}}<tr><td data-label="[[ret.tracking_number]]"><a class="mono" href="{{BASE}}/returns/{{tracking}}">{{tracking}}</a></td><td data-label="[[filter.policy]]">{{policy}}</td><td data-label="[[forecast.late_expected]]">{{expected}}</td></tr>{{/late}}</tbody>
  </table></div>
  {{#MORE_LATE}}<p class="hint">{{more}}</p>{{/MORE_LATE}}
  {{/LATE}}
  <h2>[[forecast.transit_title]]</h2>
  <ul>{{#transit}}<li>{{line}}</li>{{/transit}}</ul>
</section>

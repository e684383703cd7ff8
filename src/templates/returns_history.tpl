{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[history.title]]</h1>
  {{>SUBNAV}}
  <p class="help">[[history.help]]</p>
  <form method="get" action="{{BASE}}/returns/history" class="filters">
    <div class="field">
      <label for="by">[[history.view]]</label>
      <select id="by" name="by">
        <option value="month"{{#by_month}} selected{{/by_month}}>[[history.by_month]]</option>
        <option value="week"{{#by_week}} selected{{/by_week}}>[[history.by_week]]</option>
        <option value="day"{{#by_day}} selected{{/by_day}}>[[history.by_day]]</option>
      </select>
    </div>
    <div class="field">
      <label for="policy">[[filter.policy]]</label>
      <select id="policy" name="policy"><option value="">[[history.all_policies]]</option>{{#pol}}<option value="{{key}}"{{#sel}} selected{{/sel}}>{{key}} — {{label}}</option>{{/pol}}</select>
    </div>
    <div class="field">
      <label for="service">[[policy.service]]</label>
      <select id="service" name="service"><option value="">[[history.all]]</option>{{#svc}}<option value="{{key}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/svc}}</select>
    </div>
    <button type="submit">[[history.show]]</button>
  </form>
  <p class="hint">[[history.range]] {{from}} [[history.range_to]] {{to}}. [[forecast.estimates]] {{#LATEST}}[[forecast.latest]] {{latest}}.{{/LATEST}}</p>
  <p class="downloads">[[download.label]] <a href="{{BASE}}/returns/history.xlsx?{{query}}">Excel</a> · <a href="{{BASE}}/returns/history.csv?{{query}}">CSV</a></p>
  <div class="history">
    <figure class="chart-fig">
      <img class="chart" src="{{BASE}}/returns/history.svg?{{query}}" width="720" height="300" alt="[[history.chart_alt]]">
      <figcaption>[[history.total]] <strong>{{total}}</strong></figcaption>
    </figure>
    <div class="table-wrap history-table"><table class="data num">
      <caption>{{by_label}}</caption>
      <thead><tr><th scope="col">[[history.period]]</th><th scope="col">[[history.received]]</th></tr></thead>
      <tbody>{{#period}}<tr><td data-label="[[history.period]]">{{key}}</td><td data-label="[[history.received]]">{{count}}</td></tr>{{/period}}</tbody>
    </table></div>
  </div>
  <div class="grid2">
    <div class="table-wrap"><table class="data num">
      <caption>[[forecast.by_policy]]</caption>
      <thead><tr><th scope="col">[[policy.number]]</th><th scope="col">[[policy.name]]</th><th scope="col">[[history.received]]</th></tr></thead>
      <tbody>{{#pol}}<tr><td data-label="[[policy.number]]">{{key}}</td><td data-label="[[policy.name]]">{{label}}</td><td data-label="[[history.received]]">{{count}}</td></tr>{{/pol}}</tbody>
    </table></div>
    <div class="table-wrap"><table class="data num">
      <caption>[[forecast.by_service]]</caption>
      <thead><tr><th scope="col">[[policy.service]]</th><th scope="col">[[history.received]]</th></tr></thead>
      <tbody>{{#svc}}<tr><td data-label="[[policy.service]]">{{label}}</td><td data-label="[[history.received]]">{{count}}</td></tr>{{/svc}}</tbody>
    </table></div>
  </div>
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <p class="crumbs"><a href="{{BASE}}/returns/list">[[list.title]]</a> › {{tracking}}</p>
  <div class="tab-head">
    <h1 class="mono">{{tracking}}</h1>
    <span class="status rs-{{status_id}}">{{status}}</span>
  </div>
  {{>SUBNAV}}
  <div class="grid2">
    <div class="card">
      <h2>[[detail.return]]</h2>
      <dl class="settings">
        <dt>[[filter.policy]]</dt><dd><a href="{{BASE}}/policies/{{policy}}">{{policy}}</a></dd>
        <dt>[[list.customer]]</dt><dd>{{name}}</dd>
        <dt>[[field.email]]</dt><dd><a href="mailto:{{email}}">{{email}}</a></dd>
        <dt>[[detail.address]]</dt><dd class="address">{{line1}}<br>{{#LINE2}}{{line2}}<br>{{/LINE2}}{{city}} {{province}}&nbsp;&nbsp;{{postal}}</dd>
        <dt>[[list.reason]]</dt><dd>{{reason}}</dd>
        <dt>[[list.ra]]</dt><dd>{{ra}}</dd>
        <dt>[[list.order]]</dt><dd>{{order}}</dd>
        <dt>[[policy.service]]</dt><dd>{{service}}</dd>
        <dt>[[detail.method]]</dt><dd>{{method}}</dd>
        <dt>[[detail.weight]]</dt><dd>{{weight}}</dd>
        <dt>[[list.created]]</dt><dd>{{created}}</dd>
      </dl>
    </div>
    <div class="card">
      <h2>[[detail.events]]</h2>
      {{#NO_EVENTS}}<p>[[detail.no_events]]</p>{{/NO_EVENTS}}
      <ol class="events-list">
        {{#event}}<li class="ev-{{type_id}}"><strong>{{type}}</strong> <span class="muted">{{at}}</span> {{location}}{{#DESC}} <span class="ev-desc">{{description}}</span>{{/DESC}}</li>{{/event}}
      </ol>
    </div>
  </div>
</section>

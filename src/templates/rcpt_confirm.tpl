{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[rconfirm.title]]</h1>
  {{#ASK}}<p class="lead">[[rconfirm.lead]]</p>
  <dl class="settings">
    <dt>[[field.business]]</dt><dd>{{business}}</dd>
    <dt>[[field.email]]</dt><dd>{{email}}</dd>
  </dl>
  <form method="post" action="{{BASE}}{{action}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="primary">[[rconfirm.submit]]</button>
  </form>
  <p class="hint">[[rconfirm.not_me]]</p>{{/ASK}}
  {{#DONE}}<p class="notice ok" role="status">[[rconfirm.done]]</p>{{/DONE}}
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[confirm.title]]</h1>
  <p class="lead">[[confirm.lead]]</p>
  <dl class="settings">
    <dt>[[field.business]]</dt><dd>{{business}}</dd>
    <dt>[[field.email]]</dt><dd>{{account_email}}</dd>
  </dl>
  <form method="post" action="{{BASE}}{{action}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="primary">[[confirm.submit]]</button>
  </form>
  <p class="hint">[[confirm.not_me]]</p>
</section>

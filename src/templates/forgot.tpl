{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[forgot.title]]</h1>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>
  <p class="alt"><a href="{{BASE}}/account/login">[[forgot.back]]</a></p>{{/DONE}}
  {{#FORM}}<p class="lead">[[forgot.lead]]</p>
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}/account/forgot" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email">[[field.email]]</label>
      <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#email_invalid}} aria-invalid="true" aria-describedby="email-err"{{/email_invalid}}>
      {{#email_invalid}}<p class="err" id="email-err">{{email_error}}</p>{{/email_invalid}}
    </div>
    <button type="submit" class="primary">[[forgot.submit]]</button>
  </form>
  <p class="alt"><a href="{{BASE}}/account/login">[[forgot.back]]</a></p>{{/FORM}}
</section>

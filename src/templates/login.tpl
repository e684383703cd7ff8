{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[login.title]]</h1>
  <p class="lead">[[login.lead]]</p>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}/account/login" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email">[[field.email]]</label>
      <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#email_invalid}} aria-invalid="true" aria-describedby="email-err"{{/email_invalid}}>
      {{#email_invalid}}<p class="err" id="email-err">{{email_error}}</p>{{/email_invalid}}
    </div>
    <div class="field">
      <label for="password">[[field.password]]</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required{{#password_invalid}} aria-invalid="true" aria-describedby="password-err"{{/password_invalid}}>
      {{#password_invalid}}<p class="err" id="password-err">{{password_error}}</p>{{/password_invalid}}
    </div>
    <button type="submit" class="primary">[[login.submit]]</button>
  </form>
  <p class="alt"><a href="{{BASE}}/account/forgot">[[login.forgot]]</a></p>
  {{#SIGNUP}}<p class="alt">[[login.no_account]] <a href="{{BASE}}/account/signup">[[login.signup_link]]</a></p>{{/SIGNUP}}
</section>

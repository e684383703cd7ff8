{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[signup.title]]</h1>
  {{#SENT}}<p class="notice ok" role="status">[[signup.sent]]</p>
  <p>[[signup.sent_next]]</p>
  <p class="alt"><a href="{{BASE}}/account/login">[[forgot.back]]</a></p>{{/SENT}}
  {{#FORM}}<p class="lead">[[signup.lead]]</p>
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}/account/signup" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="business">[[field.business]]</label>
      <input id="business" name="business" autocomplete="organization" required maxlength="100" value="{{business}}"{{#business_invalid}} aria-invalid="true" aria-describedby="business-err"{{/business_invalid}}>
      {{#business_invalid}}<p class="err" id="business-err">{{business_error}}</p>{{/business_invalid}}
    </div>
    <div class="field">
      <label for="email">[[field.email]]</label>
      <input id="email" name="email" type="email" autocomplete="email" required value="{{email}}"{{#email_invalid}} aria-invalid="true" aria-describedby="email-err"{{/email_invalid}}>
      {{#email_invalid}}<p class="err" id="email-err">{{email_error}}</p>{{/email_invalid}}
    </div>
    <div class="field">
      <label for="password">[[field.new_password]]</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint{{#password_invalid}} password-err{{/password_invalid}}"{{#password_invalid}} aria-invalid="true"{{/password_invalid}}>
      <p class="hint" id="password-hint">[[field.password_hint]]</p>
      {{#password_invalid}}<p class="err" id="password-err">{{password_error}}</p>{{/password_invalid}}
    </div>
    <div class="field">
      <label for="password2">[[field.password2]]</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password" required{{#password2_invalid}} aria-invalid="true" aria-describedby="password2-err"{{/password2_invalid}}>
      {{#password2_invalid}}<p class="err" id="password2-err">{{password2_error}}</p>{{/password2_invalid}}
    </div>
    <div class="row">
      <div class="field">
        <label for="lang">[[field.lang]]</label>
        <select id="lang" name="lang"{{#lang_invalid}} aria-invalid="true" aria-describedby="lang-err"{{/lang_invalid}}>
          {{#lang_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/lang_opt}}
        </select>
        {{#lang_invalid}}<p class="err" id="lang-err">{{lang_error}}</p>{{/lang_invalid}}
      </div>
      <div class="field">
        <label for="tz">[[field.tz]]</label>
        <select id="tz" name="tz"{{#tz_invalid}} aria-invalid="true" aria-describedby="tz-err"{{/tz_invalid}}>
          {{#tz_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/tz_opt}}
        </select>
        {{#tz_invalid}}<p class="err" id="tz-err">{{tz_error}}</p>{{/tz_invalid}}
      </div>
    </div>
    <button type="submit" class="primary">[[signup.submit]]</button>
  </form>
  <p class="alt">[[signup.have_account]] <a href="{{BASE}}/account/login">[[signup.login_link]]</a></p>{{/FORM}}
</section>

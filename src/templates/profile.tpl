{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[profile.title]]</h1>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}/account/profile" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <span class="label">[[field.email]]</span>
      <p class="static">{{account_email}}</p>
    </div>
    <div class="field">
      <label for="business">[[field.business]]</label>
      <input id="business" name="business" autocomplete="organization" required maxlength="100" value="{{business}}"{{#business_invalid}} aria-invalid="true" aria-describedby="business-err"{{/business_invalid}}>
      {{#business_invalid}}<p class="err" id="business-err">{{business_error}}</p>{{/business_invalid}}
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
    <fieldset>
      <legend>[[profile.support]]</legend>
      <p class="hint">[[profile.support_hint]]</p>
      <div class="field">
        <label for="support_email">[[profile.support_email]]</label>
        <input id="support_email" name="support_email" type="email" autocomplete="email" maxlength="254" value="{{support_email}}"{{#support_email_invalid}} aria-invalid="true" aria-describedby="support_email-err"{{/support_email_invalid}}>
        {{#support_email_invalid}}<p class="err" id="support_email-err">{{support_email_error}}</p>{{/support_email_invalid}}
      </div>
      <div class="field">
        <label for="support_phone">[[profile.support_phone]]</label>
        <input id="support_phone" name="support_phone" type="tel" autocomplete="tel" maxlength="25" value="{{support_phone}}" aria-describedby="support_phone-hint{{#support_phone_invalid}} support_phone-err{{/support_phone_invalid}}"{{#support_phone_invalid}} aria-invalid="true"{{/support_phone_invalid}}>
        <p class="hint" id="support_phone-hint">[[profile.support_phone_hint]]</p>
        {{#support_phone_invalid}}<p class="err" id="support_phone-err">{{support_phone_error}}</p>{{/support_phone_invalid}}
      </div>
      <div class="field">
        <label for="accent">[[profile.accent]]</label>
        <input id="accent" name="accent" maxlength="7" size="8" placeholder="#1a5fb4" spellcheck="false" autocomplete="off" value="{{accent}}" aria-describedby="accent-hint{{#accent_invalid}} accent-err{{/accent_invalid}}"{{#accent_invalid}} aria-invalid="true"{{/accent_invalid}}>
        <p class="hint" id="accent-hint">[[profile.accent_hint]]</p>
        {{#accent_invalid}}<p class="err" id="accent-err">{{accent_error}}</p>{{/accent_invalid}}
      </div>
    </fieldset>
    <button type="submit" class="primary">[[profile.submit]]</button>
  </form>
</section>
<section class="card narrow" aria-labelledby="logo-h">
  <h2 id="logo-h">[[profile.logo]]</h2>
  <p class="hint">[[profile.logo_hint]]</p>
  {{#LOGO}}<p><img class="logo-preview" src="{{BASE}}/account/profile/logo.png?v={{v}}" alt="[[profile.logo_current]]"></p>
  <form method="post" action="{{BASE}}/account/profile/logo/remove">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="link">[[profile.logo_remove]]</button>
  </form>{{/LOGO}}
  <form method="post" action="{{BASE}}/account/profile/logo" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="logo">[[profile.logo_file]]</label>
      <input id="logo" name="logo" type="file" accept="image/png,image/jpeg" aria-describedby="logo-hint{{#logo_invalid}} logo-err{{/logo_invalid}}"{{#logo_invalid_attr}} aria-invalid="true"{{/logo_invalid_attr}}>
      <p class="hint" id="logo-hint">[[profile.logo_file_hint]]</p>
      {{#logo_invalid}}<p class="err" id="logo-err">{{logo_error}}</p>{{/logo_invalid}}
    </div>
    <button type="submit">[[profile.logo_submit]]</button>
  </form>
</section>

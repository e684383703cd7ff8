{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[notifications.title]]</h1>
  <p class="help">[[notifications.help]]</p>
  <ul class="events">
    <li><strong>[[event.created]]</strong> — [[event.created_help]]</li>
    <li><strong>[[event.accepted]]</strong> — [[event.accepted_help]]</li>
    <li><strong>[[event.exception]]</strong> — [[event.exception_help]]</li>
    <li><strong>[[event.delivered]]</strong> — [[event.delivered_help]]</li>
  </ul>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  {{#EMPTY}}<div class="empty"><h2>[[notifications.empty_title]]</h2><p>[[notifications.empty_text]]</p></div>{{/EMPTY}}
  <div class="recipients">
  {{#rcpt}}
  <form method="post" action="{{BASE}}/settings/notifications/{{rid}}" class="subcard recipient" novalidate>
    <h2>[[notify.recipient]] {{num}}</h2>
    {{#UNCONFIRMED}}<p class="notice warn">[[notify.unconfirmed]]</p>{{/UNCONFIRMED}}
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email-{{rid}}">[[field.email]]</label>
      <input id="email-{{rid}}" name="email" type="email" required value="{{email}}"{{#email_invalid}} aria-invalid="true" aria-describedby="email-{{rid}}-err"{{/email_invalid}}>
      {{#email_invalid}}<p class="err" id="email-{{rid}}-err">{{email_error}}</p>{{/email_invalid}}
    </div>
    <fieldset{{#on_accepted_invalid}} aria-invalid="true" aria-describedby="ev-{{rid}}-err"{{/on_accepted_invalid}}>
      <legend>[[notify.events]]</legend>
      <label class="choice"><input type="checkbox" name="on_created" value="1"{{#on_created_on}} checked{{/on_created_on}}> [[event.created]]</label>
      <label class="choice"><input type="checkbox" name="on_accepted" value="1"{{#on_accepted_on}} checked{{/on_accepted_on}}> [[event.accepted]]</label>
      <label class="choice"><input type="checkbox" name="on_exception" value="1"{{#on_exception_on}} checked{{/on_exception_on}}> [[event.exception]]</label>
      <label class="choice"><input type="checkbox" name="on_delivered" value="1"{{#on_delivered_on}} checked{{/on_delivered_on}}> [[event.delivered]]</label>
      {{#on_accepted_invalid}}<p class="err" id="ev-{{rid}}-err">{{on_accepted_error}}</p>{{/on_accepted_invalid}}
    </fieldset>
    <fieldset>
      <legend>[[notify.how]]</legend>
      {{#mode_opt}}<label class="choice"><input type="radio" name="mode" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/mode_opt}}
    </fieldset>
    <div class="field">
      <label for="lang-{{rid}}">[[field.lang]]</label>
      <select id="lang-{{rid}}" name="lang">{{#lang_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/lang_opt}}</select>
    </div>
    <div class="inline-actions">
      <button type="submit" class="primary">[[notify.save]]</button>
      <button type="submit" formaction="{{BASE}}/settings/notifications/{{rid}}/test">[[notify.test]]</button>
      <button type="submit" formaction="{{BASE}}/settings/notifications/{{rid}}/remove" class="link danger-link">[[notify.remove]]</button>
    </div>
  </form>
  {{/rcpt}}
  {{#ADD}}
  <form method="post" action="{{BASE}}/settings/notifications" class="subcard recipient" novalidate>
    <h2>[[notify.add]]</h2>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email-new">[[field.email]]</label>
      <input id="email-new" name="email" type="email" required value="{{email}}"{{#email_invalid}} aria-invalid="true" aria-describedby="email-new-err"{{/email_invalid}}>
      {{#email_invalid}}<p class="err" id="email-new-err">{{email_error}}</p>{{/email_invalid}}
    </div>
    <fieldset{{#on_accepted_invalid}} aria-invalid="true" aria-describedby="ev-new-err"{{/on_accepted_invalid}}>
      <legend>[[notify.events]]</legend>
      <label class="choice"><input type="checkbox" name="on_created" value="1"{{#on_created_on}} checked{{/on_created_on}}> [[event.created]]</label>
      <label class="choice"><input type="checkbox" name="on_accepted" value="1"{{#on_accepted_on}} checked{{/on_accepted_on}}> [[event.accepted]]</label>
      <label class="choice"><input type="checkbox" name="on_exception" value="1"{{#on_exception_on}} checked{{/on_exception_on}}> [[event.exception]]</label>
      <label class="choice"><input type="checkbox" name="on_delivered" value="1"{{#on_delivered_on}} checked{{/on_delivered_on}}> [[event.delivered]]</label>
      {{#on_accepted_invalid}}<p class="err" id="ev-new-err">{{on_accepted_error}}</p>{{/on_accepted_invalid}}
    </fieldset>
    <fieldset>
      <legend>[[notify.how]]</legend>
      {{#mode_opt}}<label class="choice"><input type="radio" name="mode" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/mode_opt}}
    </fieldset>
    <div class="field">
      <label for="lang-new">[[field.lang]]</label>
      <select id="lang-new" name="lang">{{#lang_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/lang_opt}}</select>
    </div>
    <button type="submit" class="primary">[[notify.add_submit]]</button>
  </form>
  {{/ADD}}
  </div>
  {{#FULL}}<p class="hint">[[notify.full]]</p>{{/FULL}}
  {{#FAILED}}
  <div class="notice bad">
  <h2>[[notify.failed_title]]</h2>
  <ul class="failed">{{#failed}}<li><strong>{{to}}</strong> <span class="muted">{{when}}</span> — {{error}}</li>{{/failed}}</ul>
  <p class="hint">[[notify.failed_hint]]</p>
  </div>
  {{/FAILED}}
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[password.title]]</h1>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}/account/password" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="current">[[field.current_password]]</label>
      <input id="current" name="current" type="password" autocomplete="current-password" required{{#current_invalid}} aria-invalid="true" aria-describedby="current-err"{{/current_invalid}}>
      {{#current_invalid}}<p class="err" id="current-err">{{current_error}}</p>{{/current_invalid}}
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
    <button type="submit" class="primary">[[password.submit]]</button>
  </form>
</section>

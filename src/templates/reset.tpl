{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[reset.title]]</h1>
  <p class="lead">[[reset.lead]] <strong>{{account_email}}</strong></p>
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}{{action}}" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="text" name="username" autocomplete="username" value="{{account_email}}" hidden>
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
    <button type="submit" class="primary">[[reset.submit]]</button>
  </form>
</section>

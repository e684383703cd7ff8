{{%AUTOESCAPE context="HTML"}}
<section class="card wide">
  <p class="eyebrow">[[label.returns_for]]</p>
  <h1>{{business}}</h1>
  {{#UNAVAILABLE}}
  <div class="notice warn" role="status">
    <h2>[[label.unavailable_title]]</h2>
    <p>[[label.unavailable_text]]</p>
    {{#CONTACT}}<p>{{contact}}</p>{{/CONTACT}}
  </div>
  {{/UNAVAILABLE}}
  {{#AVAILABLE}}
  {{#INSTRUCTIONS}}<div class="instructions pre">{{instructions:pre_escape}}</div>{{/INSTRUCTIONS}}
  <p class="lead">{{lead}}</p>
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  {{#DUPLICATE}}
  <div class="notice warn duplicate" role="alert">
    <h2>[[ret.dup_title]]</h2>
    <p>{{text}}</p>
    <p><a class="button primary" href="{{BASE}}{{href}}">[[ret.dup_see]]</a></p>
    <p>[[ret.dup_or]]</p>
  </div>
  {{/DUPLICATE}}
  {{#PRINTED}}
  <div class="notice warn printed" role="alert">
    <h2>[[ret.print_title]]</h2>
    <p>[[ret.print_text]]</p>
    <ul>{{#item}}<li>{{line}}</li>{{/item}}</ul>
    <p>[[ret.print_or]]</p>
  </div>
  {{/PRINTED}}
  {{#SPECIMEN}}<p class="notice info specimen">[[label.specimen]]</p>{{/SPECIMEN}}
  <form method="post" action="{{BASE}}{{action}}" id="return-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="once" value="{{once}}">
    {{#DUPLICATE}}<input type="hidden" name="another" value="1">{{/DUPLICATE}}
    {{#PRINTED}}<input type="hidden" name="print_ok" value="{{key}}">{{/PRINTED}}
    <fieldset>
      <legend>[[ret.from]]</legend>
      <div class="field">
        <label for="name">[[ret.name]]</label>
        <input id="name" name="name" autocomplete="name" required maxlength="44" value="{{name}}"{{#name_invalid}} aria-invalid="true" aria-describedby="name-err"{{/name_invalid}}>
        {{#name_invalid}}<p class="err" id="name-err">{{name_error}}</p>{{/name_invalid}}
      </div>
      <div class="field">
        <label for="line1">[[addr.line1]]</label>
        <input id="line1" name="line1" autocomplete="address-line1" required maxlength="44" value="{{line1}}"{{#line1_invalid}} aria-invalid="true" aria-describedby="line1-err"{{/line1_invalid}}>
        {{#line1_invalid}}<p class="err" id="line1-err">{{line1_error}}</p>{{/line1_invalid}}
      </div>
      <div class="field">
        <label for="line2">[[addr.line2]]</label>
        <input id="line2" name="line2" autocomplete="address-line2" maxlength="44" value="{{line2}}"{{#line2_invalid}} aria-invalid="true" aria-describedby="line2-err"{{/line2_invalid}}>
        {{#line2_invalid}}<p class="err" id="line2-err">{{line2_error}}</p>{{/line2_invalid}}
      </div>
      <div class="row">
        <div class="field">
          <label for="city">[[addr.city]]</label>
          <input id="city" name="city" autocomplete="address-level2" required maxlength="40" value="{{city}}"{{#city_invalid}} aria-invalid="true" aria-describedby="city-err"{{/city_invalid}}>
          {{#city_invalid}}<p class="err" id="city-err">{{city_error}}</p>{{/city_invalid}}
        </div>
        <div class="field">
          <label for="province">[[addr.province]]</label>
          <select id="province" name="province" autocomplete="address-level1"{{#province_invalid}} aria-invalid="true" aria-describedby="province-err"{{/province_invalid}}>
            <option value="">[[addr.province_from_postal]]</option>
            {{#province_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/province_opt}}
          </select>
          {{#province_invalid}}<p class="err" id="province-err">{{province_error}}</p>{{/province_invalid}}
        </div>
        <div class="field">
          <label for="postal">[[addr.postal]]</label>
          <input id="postal" name="postal" autocomplete="postal-code" required maxlength="7" value="{{postal}}" aria-describedby="postal-hint{{#postal_invalid}} postal-err{{/postal_invalid}}"{{#postal_invalid}} aria-invalid="true"{{/postal_invalid}}>
          <p class="hint" id="postal-hint">[[addr.postal_hint]]</p>
          {{#postal_invalid}}<p class="err" id="postal-err">{{postal_error}}</p>{{/postal_invalid}}
        </div>
      </div>
    </fieldset>
    <fieldset>
      <legend>[[ret.contact]]</legend>
      <div class="field">
        <label for="email">[[field.email]]</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="{{email}}" aria-describedby="email-hint{{#email_invalid}} email-err{{/email_invalid}}"{{#email_invalid}} aria-invalid="true"{{/email_invalid}}>
        <p class="hint" id="email-hint">[[ret.email_hint]]</p>
        {{#email_invalid}}<p class="err" id="email-err">{{email_error}}</p>{{/email_invalid}}
      </div>
      <label class="choice"><input type="checkbox" name="tracking_emails" value="1"{{#tracking_emails_on}} checked{{/tracking_emails_on}}> [[ret.tracking_emails]]</label>
    </fieldset>
    <fieldset>
      <legend>[[ret.parcel]]</legend>
      {{#RA}}
      <div class="field">
        <label for="ra_number">[[ret.ra_number]]</label>
        <input id="ra_number" name="ra_number" required maxlength="20" value="{{ra_number}}" aria-describedby="ra-hint{{#ra_number_invalid}} ra_number-err{{/ra_number_invalid}}"{{#ra_number_invalid}} aria-invalid="true"{{/ra_number_invalid}}>
        <p class="hint" id="ra-hint">[[ret.ra_hint]]</p>
        {{#ra_number_invalid}}<p class="err" id="ra_number-err">{{ra_number_error}}</p>{{/ra_number_invalid}}
      </div>
      {{/RA}}
      {{#ORDER}}
      <div class="field">
        <label for="order_answer">{{order_question}}</label>
        <input id="order_answer" name="order_answer" required maxlength="30" value="{{order_answer}}"{{#order_answer_invalid}} aria-invalid="true" aria-describedby="order_answer-err"{{/order_answer_invalid}}>
        {{#order_answer_invalid}}<p class="err" id="order_answer-err">{{order_answer_error}}</p>{{/order_answer_invalid}}
      </div>
      {{/ORDER}}
      <div class="field">
        <label for="weight">[[ret.weight]]</label>
        <div class="weight-row">
          <input id="weight" name="weight" inputmode="decimal" maxlength="6" value="{{weight}}" aria-describedby="weight-hint{{#weight_invalid}} weight-err{{/weight_invalid}}"{{#weight_invalid}} aria-invalid="true"{{/weight_invalid}}>
          <select id="weight_unit" name="weight_unit" aria-label="[[ret.weight_unit]]">{{#weight_unit_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/weight_unit_opt}}</select>
        </div>
        <p class="hint" id="weight-hint">[[ret.weight_hint]]</p>
        {{#weight_invalid}}<p class="err" id="weight-err">{{weight_error}}</p>{{/weight_invalid}}
        <label class="choice"><input type="checkbox" name="weight_unknown" value="1"{{#weight_unknown_on}} checked{{/weight_unknown_on}}> [[ret.weight_unknown]] <span class="muted">({{weight_default}})</span></label>
      </div>
    </fieldset>
    <fieldset>
      <legend>[[ret.reason]] <span class="muted">[[ret.optional]]</span></legend>
      {{#reason_opt}}<label class="choice"><input type="radio" name="reason" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/reason_opt}}
      <div class="field">
        <label for="reason_text">[[ret.reason_text]]</label>
        <input id="reason_text" name="reason_text" maxlength="100" value="{{reason_text}}"{{#reason_text_invalid}} aria-invalid="true" aria-describedby="reason_text-err"{{/reason_text_invalid}}>
        {{#reason_text_invalid}}<p class="err" id="reason_text-err">{{reason_text_error}}</p>{{/reason_text_invalid}}
      </div>
    </fieldset>
    <fieldset>
      <legend>[[ret.method]]</legend>
      {{#method_opt}}<label class="choice"><input type="radio" name="method" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/method_opt}}
      {{#method_invalid}}<p class="err" id="method-err">{{method_error}}</p>{{/method_invalid}}
      {{#SECURE}}<p class="hint">[[ret.secure_hint]]</p>{{/SECURE}}
    </fieldset>
    <button type="submit" class="primary">{{submit}}</button>
  </form>
  <p class="hint">[[label.policy_number]] {{number}} · [[policy.service]] {{service}}</p>
  {{/AVAILABLE}}
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="card wide">
  {{#NEW}}<h1>[[policy.new_title]]</h1>{{/NEW}}
  {{#EDIT}}<h1>[[policy.edit_title]] {{number}}</h1>{{/EDIT}}
  <p class="lead">[[policy.form_lead]]</p>
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  <form method="post" action="{{BASE}}{{action}}" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="name">[[policy.name]]</label>
      <input id="name" name="name" required maxlength="60" value="{{name}}" aria-describedby="name-hint{{#name_invalid}} name-err{{/name_invalid}}"{{#name_invalid}} aria-invalid="true"{{/name_invalid}}>
      <p class="hint" id="name-hint">[[policy.name_hint]]</p>
      {{#name_invalid}}<p class="err" id="name-err">{{name_error}}</p>{{/name_invalid}}
    </div>

    <fieldset>
      <legend>[[policy.channel]]</legend>
      {{#channel_opt}}<label class="choice"><input type="radio" name="channel" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/channel_opt}}
      {{#channel_invalid}}<p class="err" id="channel-err">{{channel_error}}</p>{{/channel_invalid}}
      <label class="choice"><input type="checkbox" name="secure_labels" value="1"{{#secure_labels_on}} checked{{/secure_labels_on}}{{#secure_labels_invalid}} aria-invalid="true" aria-describedby="secure_labels-err"{{/secure_labels_invalid}}> [[policy.secure_labels]]</label>
      {{#secure_labels_invalid}}<p class="err" id="secure_labels-err">{{secure_labels_error}}</p>{{/secure_labels_invalid}}
      <p class="hint">[[policy.secure_hint]]</p>
      <label class="choice"><input type="checkbox" name="box_free" value="1"{{#box_free_on}} checked{{/box_free_on}}> [[policy.box_free]]</label>
      <p class="hint">[[policy.box_free_hint]]</p>
    </fieldset>

    <fieldset>
      <legend>[[policy.service]]</legend>
      {{#service_opt}}<label class="choice"><input type="radio" name="service" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/service_opt}}
      {{#service_invalid}}<p class="err" id="service-err">{{service_error}}</p>{{/service_invalid}}
      <p class="hint">[[policy.service_hint]]</p>
    </fieldset>

    <fieldset>
      <legend>[[policy.address]]</legend>
      <div class="row">
        <div class="field">
          <label for="company">[[addr.company]]</label>
          <input id="company" name="company" autocomplete="organization" required maxlength="44" value="{{company}}"{{#company_invalid}} aria-invalid="true" aria-describedby="company-err"{{/company_invalid}}>
          {{#company_invalid}}<p class="err" id="company-err">{{company_error}}</p>{{/company_invalid}}
        </div>
        <div class="field">
          <label for="contact">[[addr.contact]]</label>
          <input id="contact" name="contact" autocomplete="name" required maxlength="44" value="{{contact}}"{{#contact_invalid}} aria-invalid="true" aria-describedby="contact-err"{{/contact_invalid}}>
          {{#contact_invalid}}<p class="err" id="contact-err">{{contact_error}}</p>{{/contact_invalid}}
        </div>
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
      <legend>[[policy.customer_info]]</legend>
      <label class="choice"><input type="checkbox" name="ra_required" value="1"{{#ra_required_on}} checked{{/ra_required_on}}> [[policy.ra_required]]</label>
      <p class="hint">[[policy.order_q_hint]]</p>
      <div class="row">
        <div class="field">
          <label for="order_q_en">[[policy.order_q_en]]</label>
          <input id="order_q_en" name="order_q_en" lang="en" maxlength="15" value="{{order_q_en}}"{{#order_q_en_invalid}} aria-invalid="true" aria-describedby="order_q_en-err"{{/order_q_en_invalid}}>
          {{#order_q_en_invalid}}<p class="err" id="order_q_en-err">{{order_q_en_error}}</p>{{/order_q_en_invalid}}
        </div>
        <div class="field">
          <label for="order_q_fr">[[policy.order_q_fr]]</label>
          <input id="order_q_fr" name="order_q_fr" lang="fr" maxlength="15" value="{{order_q_fr}}"{{#order_q_fr_invalid}} aria-invalid="true" aria-describedby="order_q_fr-err"{{/order_q_fr_invalid}}>
          {{#order_q_fr_invalid}}<p class="err" id="order_q_fr-err">{{order_q_fr_error}}</p>{{/order_q_fr_invalid}}
        </div>
      </div>
    </fieldset>

    <fieldset>
      <legend>[[policy.label_format]]</legend>
      {{#label_format_opt}}<label class="choice"><input type="radio" name="label_format" value="{{value}}"{{#sel}} checked{{/sel}}> {{label}}</label>{{/label_format_opt}}
      {{#label_format_invalid}}<p class="err" id="label_format-err">{{label_format_error}}</p>{{/label_format_invalid}}
    </fieldset>

    <div class="field">
      <label for="daily_limit">[[policy.daily_limit]]</label>
      <input id="daily_limit" name="daily_limit" inputmode="numeric" pattern="[0-9]*" maxlength="6" class="short" value="{{daily_limit}}" aria-describedby="daily_limit-hint{{#daily_limit_invalid}} daily_limit-err{{/daily_limit_invalid}}"{{#daily_limit_invalid}} aria-invalid="true"{{/daily_limit_invalid}}>
      <p class="hint" id="daily_limit-hint">[[policy.daily_limit_hint]]</p>
      {{#daily_limit_invalid}}<p class="err" id="daily_limit-err">{{daily_limit_error}}</p>{{/daily_limit_invalid}}
    </div>

    <div class="field">
      <label for="default_weight">[[policy.default_weight]]</label>
      <input id="default_weight" name="default_weight" inputmode="decimal" maxlength="6" class="short" value="{{default_weight}}" aria-describedby="default_weight-hint{{#default_weight_invalid}} default_weight-err{{/default_weight_invalid}}"{{#default_weight_invalid}} aria-invalid="true"{{/default_weight_invalid}}>
      <p class="hint" id="default_weight-hint">[[policy.default_weight_hint]]</p>
      {{#default_weight_invalid}}<p class="err" id="default_weight-err">{{default_weight_error}}</p>{{/default_weight_invalid}}
    </div>

    <fieldset>
      <legend>[[policy.instructions]]</legend>
      <p class="hint">[[policy.instructions_hint]]</p>
      <div class="field">
        <label for="instructions_en">[[policy.instructions_en]]</label>
        <textarea id="instructions_en" name="instructions_en" lang="en" rows="4" maxlength="1000"{{#instructions_en_invalid}} aria-invalid="true" aria-describedby="instructions_en-err"{{/instructions_en_invalid}}>{{instructions_en:pre_escape}}</textarea>
        {{#instructions_en_invalid}}<p class="err" id="instructions_en-err">{{instructions_en_error}}</p>{{/instructions_en_invalid}}
      </div>
      <div class="field">
        <label for="instructions_fr">[[policy.instructions_fr]]</label>
        <textarea id="instructions_fr" name="instructions_fr" lang="fr" rows="4" maxlength="1000"{{#instructions_fr_invalid}} aria-invalid="true" aria-describedby="instructions_fr-err"{{/instructions_fr_invalid}}>{{instructions_fr:pre_escape}}</textarea>
        {{#instructions_fr_invalid}}<p class="err" id="instructions_fr-err">{{instructions_fr_error}}</p>{{/instructions_fr_invalid}}
      </div>
    </fieldset>

    <fieldset>
      <legend>[[policy.reasons]]</legend>
      <p class="hint">[[policy.reasons_hint]]</p>
      <label class="choice"><input type="checkbox" name="reason_wrong_size" value="1"{{#reason_wrong_size_on}} checked{{/reason_wrong_size_on}}> [[reason.wrong_size]]</label>
      <label class="choice"><input type="checkbox" name="reason_damaged" value="1"{{#reason_damaged_on}} checked{{/reason_damaged_on}}> [[reason.damaged]]</label>
      <label class="choice"><input type="checkbox" name="reason_not_as_described" value="1"{{#reason_not_as_described_on}} checked{{/reason_not_as_described_on}}> [[reason.not_as_described]]</label>
      <label class="choice"><input type="checkbox" name="reason_not_needed" value="1"{{#reason_not_needed_on}} checked{{/reason_not_needed_on}}> [[reason.not_needed]]</label>
      <div class="row">
        <div class="field">
          <label for="reasons_en">[[policy.reasons_en]]</label>
          <textarea id="reasons_en" name="reasons_en" lang="en" rows="4" maxlength="600" aria-describedby="reasons-hint{{#reasons_en_invalid}} reasons_en-err{{/reasons_en_invalid}}"{{#reasons_en_invalid}} aria-invalid="true"{{/reasons_en_invalid}}>{{reasons_en:pre_escape}}</textarea>
        </div>
        <div class="field">
          <label for="reasons_fr">[[policy.reasons_fr]]</label>
          <textarea id="reasons_fr" name="reasons_fr" lang="fr" rows="4" maxlength="600" aria-describedby="reasons-hint">{{reasons_fr:pre_escape}}</textarea>
        </div>
      </div>
      <p class="hint" id="reasons-hint">[[policy.reasons_own_hint]]</p>
      {{#reasons_en_invalid}}<p class="err" id="reasons_en-err">{{reasons_en_error}}</p>{{/reasons_en_invalid}}
    </fieldset>

    <div class="inline-actions">
      <button type="submit" class="primary">{{#NEW}}[[policy.create]]{{/NEW}}{{#EDIT}}[[policy.save]]{{/EDIT}}</button>
      <a class="button" href="{{BASE}}/policies/">[[policy.cancel]]</a>
    </div>
  </form>
</section>

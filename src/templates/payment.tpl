{{%AUTOESCAPE context="HTML"}}
<section class="card wide">
  <h1>[[payment.title]]</h1>
  {{#LOCAL}}<p class="lead">[[payment.lead]]</p>{{/LOCAL}}
  {{#CARRIER}}<p class="lead">[[payment.cp_lead]]</p>{{/CARRIER}}
  {{#NEEDED}}<p class="notice info" role="status">[[payment.needed_first]]</p>{{/NEEDED}}
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}

  {{#CARRIER}}
  <h2>[[payment.cp_title]]</h2>
  {{#NOT_LINKED}}
  <p>[[payment.cp_not_linked]]</p>
  <form method="post" action="{{BASE}}/account/payment/link">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="primary">[[payment.cp_link]]</button>
  </form>
  <p class="hint">[[payment.cp_link_hint]]</p>
  {{/NOT_LINKED}}
  {{#LINKED}}
  <dl class="settings">
    <dt>[[payment.customer_number]]</dt><dd>{{cur_customer}}</dd>
    <dt>[[payment.contract_number]]</dt><dd>{{cur_contract}}</dd>
    {{#WITH_CONTRACT}}<dt>[[payment.standing]]</dt><dd>{{standing}}</dd>{{/WITH_CONTRACT}}
    <dt>[[payment.cp_card]]</dt><dd>{{card_on_file}}</dd>
    <dt>[[payment.cp_checked]]</dt><dd>{{checked}}</dd>
  </dl>
  {{#CHECK_ERROR}}<p class="notice warn" role="status">{{check_error}}</p>{{/CHECK_ERROR}}
  <p class="{{state_class}}" role="status">{{state}}</p>
  <div class="actions">
    <form method="post" action="{{BASE}}/account/payment/check">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="primary">[[payment.cp_check]]</button>
    </form>
    <a href="https://www.canadapost-postescanada.ca/cpc/[[payment.cp_site_lang]]/business.page" rel="noopener noreferrer">[[payment.cp_manage]]</a>
    <form method="post" action="{{BASE}}/account/payment/link">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="link">[[payment.cp_relink]]</button>
    </form>
  </div>
  <p class="hint">[[payment.cp_note]]</p>
  {{/LINKED}}
  {{/CARRIER}}

  {{#LOCAL}}
  {{#HAS_CONTRACT}}
  <h2>[[payment.contract_title]]</h2>
  <dl class="settings">
    <dt>[[payment.customer_number]]</dt><dd>{{cur_customer}}</dd>
    <dt>[[payment.contract_number]]</dt><dd>{{cur_contract}}</dd>
    <dt>[[payment.standing]]</dt><dd>{{standing}}</dd>
  </dl>
  <p class="hint">[[payment.contract_note]]</p>
  {{/HAS_CONTRACT}}

  <h2>[[payment.cards_title]]</h2>
  {{#NO_CARDS}}<p>[[payment.no_cards]]</p>{{/NO_CARDS}}
  <ul class="cards">
  {{#card}}
    <li>
      <span class="card-id">{{brand}} •••• {{last4}}</span>
      <span class="muted">[[payment.expires]] {{exp}}</span>
      {{#expired}}<span class="status status-suspended">[[payment.expired]]</span>{{/expired}}
      {{#is_default}}<span class="status status-active">[[payment.default]]</span>{{/is_default}}
      {{#not_default}}<form method="post" action="{{BASE}}/account/payment/cards/{{id}}/default"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[payment.make_default]]<span class="sr-only"> {{last4}}</span></button></form>{{/not_default}}
      <form method="post" action="{{BASE}}/account/payment/cards/{{id}}/remove"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link danger-link">[[payment.remove]]<span class="sr-only"> {{last4}}</span></button></form>
    </li>
  {{/card}}
  </ul>

  <div class="grid2">
  <form method="post" action="{{BASE}}/account/payment/card" novalidate class="subcard">
    <h3>[[payment.add_card]]</h3>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="back" value="{{back}}">
    <div class="field">
      <label for="number">[[payment.card_number]]</label>
      <input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required maxlength="30"{{#number_invalid}} aria-invalid="true" aria-describedby="number-err"{{/number_invalid}}>
      {{#number_invalid}}<p class="err" id="number-err">{{number_error}}</p>{{/number_invalid}}
    </div>
    <div class="row">
      <div class="field">
        <label for="exp_month">[[payment.exp_month]]</label>
        <select id="exp_month" name="exp_month" autocomplete="cc-exp-month"{{#exp_month_invalid}} aria-invalid="true" aria-describedby="exp_month-err"{{/exp_month_invalid}}>
          {{#exp_month_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/exp_month_opt}}
        </select>
        {{#exp_month_invalid}}<p class="err" id="exp_month-err">{{exp_month_error}}</p>{{/exp_month_invalid}}
      </div>
      <div class="field">
        <label for="exp_year">[[payment.exp_year]]</label>
        <input id="exp_year" name="exp_year" inputmode="numeric" autocomplete="cc-exp-year" required maxlength="4" value="{{exp_year}}"{{#exp_year_invalid}} aria-invalid="true" aria-describedby="exp_year-err"{{/exp_year_invalid}}>
        {{#exp_year_invalid}}<p class="err" id="exp_year-err">{{exp_year_error}}</p>{{/exp_year_invalid}}
      </div>
      <div class="field">
        <label for="cvv">[[payment.cvv]]</label>
        <input id="cvv" name="cvv" inputmode="numeric" autocomplete="cc-csc" required maxlength="4"{{#cvv_invalid}} aria-invalid="true" aria-describedby="cvv-err"{{/cvv_invalid}}>
        {{#cvv_invalid}}<p class="err" id="cvv-err">{{cvv_error}}</p>{{/cvv_invalid}}
      </div>
    </div>
    <label class="choice"><input type="checkbox" name="make_default" value="1"{{#make_default_on}} checked{{/make_default_on}}> [[payment.make_default_new]]</label>
    <p class="hint">[[payment.card_note]]</p>
    <button type="submit" class="primary">[[payment.add_card_submit]]</button>
  </form>

  <form method="post" action="{{BASE}}/account/payment/contract" novalidate class="subcard">
    <h3>[[payment.contract_form]]</h3>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="customer_number">[[payment.customer_number]]</label>
      <input id="customer_number" name="customer_number" inputmode="numeric" required maxlength="10" value="{{customer_number}}"{{#customer_number_invalid}} aria-invalid="true" aria-describedby="customer_number-err"{{/customer_number_invalid}}>
      {{#customer_number_invalid}}<p class="err" id="customer_number-err">{{customer_number_error}}</p>{{/customer_number_invalid}}
    </div>
    <div class="field">
      <label for="contract_number">[[payment.contract_number]]</label>
      <input id="contract_number" name="contract_number" inputmode="numeric" required maxlength="10" value="{{contract_number}}"{{#contract_number_invalid}} aria-invalid="true" aria-describedby="contract_number-err"{{/contract_number_invalid}}>
      {{#contract_number_invalid}}<p class="err" id="contract_number-err">{{contract_number_error}}</p>{{/contract_number_invalid}}
    </div>
    <p class="hint">[[payment.contract_hint]]</p>
    <button type="submit" class="primary">[[payment.contract_submit]]</button>
  </form>
  </div>
  {{/LOCAL}}
</section>

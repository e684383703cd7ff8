{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <p class="eyebrow">[[label.returns_for]]</p>
  <h1>{{business}}</h1>
  {{#UNAVAILABLE}}
  <div class="notice warn" role="status">
    <h2>[[label.unavailable_title]]</h2>
    <p>[[label.unavailable_text]]</p>
  </div>
  {{/UNAVAILABLE}}
  {{#AVAILABLE}}
  {{#INSTRUCTIONS}}<div class="instructions pre">{{instructions}}</div>{{/INSTRUCTIONS}}
  <p>[[label.available_text]]</p>
  <dl class="settings">
    <dt>[[label.policy_number]]</dt><dd><strong>{{number}}</strong></dd>
    <dt>[[policy.service]]</dt><dd>{{service}}</dd>
  </dl>
  <p class="hint">[[label.form_soon]]</p>
  {{/AVAILABLE}}
</section>

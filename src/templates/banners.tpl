{{%AUTOESCAPE context="HTML"}}
  {{#SUSPENDED}}
  <div class="notice bad banner" role="alert">
    <h2>[[suspended.title]]</h2>
    <p>[[suspended.text]] {{#susp}}<a href="{{BASE}}/policies/{{number}}"><strong>{{number}}</strong></a> {{/susp}}</p>
    {{#STEPS_CONTRACT}}<p>[[suspended.steps_contract]]</p>{{/STEPS_CONTRACT}}
    {{#STEPS_LINK}}<p>[[suspended.steps_link]] <a href="{{BASE}}/account/payment">[[payment.cp_link]]</a></p>{{/STEPS_LINK}}
    {{#STEPS_CARRIER}}<p>[[suspended.steps_carrier]] <a href="{{BASE}}/account/payment">[[payment.cp_check]]</a></p>{{/STEPS_CARRIER}}
    {{#CONTACT}}<p>[[suspended.contact]] {{contact}}</p>{{/CONTACT}}
    {{#STEPS_CARD}}<p>[[suspended.steps_card]] <a href="{{BASE}}/account/payment">[[nav.payment]]</a></p>{{/STEPS_CARD}}
    <p class="hint">[[suspended.tip]]</p>
  </div>
  {{/SUSPENDED}}
  {{#CARD_EXPIRING}}<p class="notice warn" role="status">{{card_warning}} <a href="{{BASE}}/account/payment">[[nav.payment]]</a></p>{{/CARD_EXPIRING}}
  {{#NEED_LINK}}<p class="notice info" role="status">[[payment.cp_needed]] <a href="{{BASE}}/account/payment">[[payment.cp_link]]</a></p>{{/NEED_LINK}}
  {{#NO_PAYMENT}}<p class="notice info" role="status">[[payment.needed_first]] <a href="{{BASE}}/account/payment">[[payment.add_link]]</a></p>{{/NO_PAYMENT}}

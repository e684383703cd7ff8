{{%AUTOESCAPE context="HTML"}}
<section class="card wide">
  <p class="eyebrow">[[label.returns_for]] {{business}}</p>
  <h1>[[ret.done_title]]</h1>
  {{#SPECIMEN}}<p class="notice info specimen">[[label.specimen]]</p>{{/SPECIMEN}}
  {{#LABEL}}
  <p class="notice ok" role="status">[[ret.label_ready]]</p>
  <p><a class="button primary" href="{{BASE}}{{base}}/label.pdf">[[ret.download]]</a></p>
  <h2>[[ret.next]]</h2>
  <ol class="steps-list">
    <li>[[ret.next_print]]</li>
    <li>[[ret.next_attach]]</li>
    <li>[[ret.next_drop]]</li>
  </ol>
  <p class="hint">[[ret.keep_link]] {{expires}}.</p>
  {{/LABEL}}
  {{#QR}}
  <p class="notice ok" role="status">[[ret.qr_ready]]</p>
  <figure class="qr">
    <img src="{{BASE}}{{base}}/qr.svg" width="220" height="220" alt="[[ret.qr_alt]]">
    <figcaption>[[ret.reference]] <strong class="mono">{{tracking}}</strong></figcaption>
  </figure>
  <h2>[[ret.next]]</h2>
  <ol class="steps-list">
    <li>[[ret.next_qr_pack]]</li>
    <li>[[ret.next_qr_show]]</li>
  </ol>
  <p class="hint">[[ret.qr_valid]] {{expires}}.</p>
  {{/QR}}
  {{#EXPIRED}}<p class="notice warn" role="status">[[ret.expired]]</p>{{/EXPIRED}}
  {{#USED}}<p class="notice info" role="status">[[ret.used]]</p>{{/USED}}
  {{#LABEL}}<p>[[ret.emailed]] <strong>{{email}}</strong>.</p>{{/LABEL}}
  {{#QR}}<p>[[ret.emailed_qr]] <strong>{{email}}</strong>.</p>{{/QR}}

  <h2>[[ret.follow]]</h2>
  <ol class="timeline">
    {{#step}}<li class="{{state}}"{{#is_current}} aria-current="step"{{/is_current}}>{{step}}</li>{{/step}}
  </ol>
  {{#EXCEPTION}}<p class="notice warn">[[ret.exception]]{{#REASON}} <span class="reason">{{reason}}</span>{{/REASON}}</p>{{/EXCEPTION}}
  <dl class="settings">
    <dt>[[ret.tracking_number]]</dt><dd class="mono">{{tracking}}</dd>
    <dt>[[policy.service]]</dt><dd>{{service}}</dd>
    <dt>[[label.policy_number]]</dt><dd>{{number}}</dd>
  </dl>
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <p class="crumbs"><a href="{{BASE}}/policies/">[[policies.title]]</a> › {{number}}</p>
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{#ALERT}}<p class="notice bad" role="alert">{{alert}}</p>{{/ALERT}}
  {{>BANNERS}}
  <div class="tab-head">
    <h1>{{name}} <span class="muted">{{number}}</span></h1>
    <span class="status status-{{status_id}}">{{status}}</span>
  </div>
  <div class="inline-actions">
    <a class="button" href="{{BASE}}/policies/{{number}}/edit">[[policies.edit]]</a>
    {{#can_deactivate}}<form method="post" action="{{BASE}}/policies/{{number}}/deactivate"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">[[policies.deactivate]]</button></form>{{/can_deactivate}}
    {{#can_activate}}<form method="post" action="{{BASE}}/policies/{{number}}/activate"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="primary">[[policies.activate]]</button></form>{{/can_activate}}
    <a class="button danger-outline" href="{{BASE}}/policies/{{number}}/delete">[[policies.delete]]</a>
  </div>
  {{#IS_SUSPENDED}}<p class="notice bad">[[policy.suspended_note]]</p>{{/IS_SUSPENDED}}

  <div class="grid2">
  <div class="card">
    <h2>[[policy.link_title]]</h2>
    {{#LINK}}
    {{#LINK_OFF}}<p class="notice warn">[[policy.link_off]]</p>{{/LINK_OFF}}
    <p>[[policy.link_help]]</p>
    <label for="link">[[policy.link_label]]</label>
    <div class="copy-row">
      <input id="link" class="mono" readonly value="{{link}}">
      <button type="button" class="copy" data-copy="link" hidden>[[policy.copy]]</button>
    </div>
    <p class="hint copy-done" hidden role="status">[[policy.copied]]</p>
    <figure class="qr">
      <img src="{{BASE}}/policies/{{NUMBER}}/qr.svg" width="180" height="180" alt="[[policy.qr_alt]]">
      <figcaption>[[policy.qr_caption]] <a href="{{BASE}}/policies/{{NUMBER}}/qr.svg" download="{{NUMBER}}-qr.svg">[[policy.qr_download]]</a></figcaption>
    </figure>
    {{/LINK}}
    {{#NO_LINK}}<p>[[policy.no_link]] <strong>{{number}}</strong></p>{{/NO_LINK}}
  </div>
  <div class="card">
    <h2>[[policy.tips_title]]</h2>
    <ul class="tips">
      <li>[[policy.tip_share]]</li>
      <li>[[policy.tip_customer]]</li>
      <li>[[policy.tip_post_office]]</li>
      <li>[[policy.tip_labels_valid]]</li>
    </ul>
  </div>
  </div>

  <div class="card">
    <h2>[[policy.settings_title]]</h2>
    <dl class="settings">
      <dt>[[policy.number]]</dt><dd>{{number}}</dd>
      <dt>[[policy.channel]]</dt><dd>{{channel}}</dd>
      <dt>[[policy.secure_labels]]</dt><dd>{{secure_labels}}</dd>
      <dt>[[policy.box_free]]</dt><dd>{{box_free}}</dd>
      <dt>[[policy.service]]</dt><dd>{{service}}</dd>
      <dt>[[policy.address]]</dt><dd>{{company}}<br>[[addr.attn]] {{contact}}<br>{{line1}}<br>{{#HAS_LINE2}}{{line2}}<br>{{/HAS_LINE2}}{{city}} {{province}} {{postal}}</dd>
      <dt>[[policy.ra_required]]</dt><dd>{{ra_required}}</dd>
      <dt>[[policy.order_q]]</dt><dd>{{#ORDER_Q}}<span lang="en">{{order_q_en}}</span> / <span lang="fr">{{order_q_fr}}</span>{{/ORDER_Q}}{{#NO_ORDER_Q}}[[policy.none]]{{/NO_ORDER_Q}}</dd>
      <dt>[[policy.label_format]]</dt><dd>{{label_format}}</dd>
      <dt>[[policy.daily_limit]]</dt><dd>{{daily_limit}}</dd>
      <dt>[[policy.default_weight]]</dt><dd>{{default_weight}}</dd>
      <dt>[[policy.reasons]]</dt><dd>{{reasons}}</dd>
      <dt>[[policy.instructions_en]]</dt><dd lang="en" class="pre">{{instructions_en:pre_escape}}</dd>
      <dt>[[policy.instructions_fr]]</dt><dd lang="fr" class="pre">{{instructions_fr:pre_escape}}</dd>
      <dt>[[policy.updated]]</dt><dd>{{updated}}</dd>
    </dl>
  </div>

  <div class="card">
    <h2>[[policy.history_title]]</h2>
    <div class="table-wrap">
    <table class="data">
      <thead><tr><th scope="col">[[history.when]]</th><th scope="col">[[history.who]]</th><th scope="col">[[history.what]]</th><th scope="col">[[history.detail]]</th></tr></thead>
      <tbody>
      {{#history}}<tr><td class="nowrap" data-label="[[history.when]]">{{at}}</td><td data-label="[[history.who]]">{{who}}</td><td data-label="[[history.what]]">{{action}}</td><td data-label="[[history.detail]]">{{detail}}</td></tr>{{/history}}
      </tbody>
    </table>
    </div>
  </div>
</section>
<script src="{{BASE}}/static/copy.js"></script>

{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  {{#WELCOME}}<p class="notice ok" role="status">[[policies.welcome]]</p>{{/WELCOME}}
  <h1>[[policies.title]]</h1>
  <p class="help">[[policies.help]]</p>
  <div class="empty">
    <h2>[[policies.empty_title]]</h2>
    <p>[[policies.empty_text]]</p>
  </div>
</section>

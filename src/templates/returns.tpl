{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[returns.title]]</h1>
  <p class="help">[[returns.help]]</p>
  <div class="empty">
    <h2>[[returns.empty_title]]</h2>
    <p>[[returns.empty_text]]</p>
  </div>
</section>

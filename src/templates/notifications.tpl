{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[notifications.title]]</h1>
  <p class="help">[[notifications.help]]</p>
  <ul class="events">
    <li><strong>[[event.accepted]]</strong> — [[event.accepted_help]]</li>
    <li><strong>[[event.exception]]</strong> — [[event.exception_help]]</li>
    <li><strong>[[event.delivered]]</strong> — [[event.delivered_help]]</li>
  </ul>
  <div class="empty">
    <h2>[[notifications.empty_title]]</h2>
    <p>[[notifications.empty_text]]</p>
  </div>
</section>

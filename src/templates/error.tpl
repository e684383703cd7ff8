{{%AUTOESCAPE context="HTML"}}
<section class="card narrow error-page">
  <p class="code">{{STATUS}}</p>
  <h1>{{MESSAGE}}</h1>
  <p><a href="/">[[error.home]]</a> · <a href="/help">[[nav.help]]</a></p>
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="card narrow error-page">
  <p class="code">{{STATUS}}</p>
  <h1>{{HEADING}}</h1>
  <p class="lead">{{MESSAGE}}</p>
  {{#HOME_LINKS}}<p><a href="{{BASE}}/">[[error.home]]</a> · <a href="{{BASE}}/help">[[nav.help]]</a></p>{{/HOME_LINKS}}
</section>

{{%AUTOESCAPE context="HTML"}}
<nav class="subnav" aria-label="[[returns.title]]">
  <a href="{{BASE}}/returns/forecast"{{#cur_forecast}} aria-current="page"{{/cur_forecast}}>[[forecast.title]]</a>
  <a href="{{BASE}}/returns/history"{{#cur_history}} aria-current="page"{{/cur_history}}>[[history.title]]</a>
  <a href="{{BASE}}/returns/list"{{#cur_list}} aria-current="page"{{/cur_list}}>[[list.title]]</a>
</nav>

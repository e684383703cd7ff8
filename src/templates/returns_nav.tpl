{{%AUTOESCAPE context="HTML"}}
<nav class="subnav" aria-label="[[returns.title]]">
  <a href="/returns/forecast"{{#cur_forecast}} aria-current="page"{{/cur_forecast}}>[[forecast.title]]</a>
  <a href="/returns/history"{{#cur_history}} aria-current="page"{{/cur_history}}>[[history.title]]</a>
  <a href="/returns/list"{{#cur_list}} aria-current="page"{{/cur_list}}>[[list.title]]</a>
</nav>

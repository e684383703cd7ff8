{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  <h1>[[list.title]]</h1>
  {{>SUBNAV}}
  <form method="get" action="{{BASE}}/returns/list" class="filters">
    <div class="field">
      <label for="q">[[list.search]]</label>
      <input id="q" name="q" type="search" maxlength="100" value="{{q}}" aria-describedby="q-hint">
      <p class="hint" id="q-hint">[[list.search_hint]]</p>
    </div>
    <div class="field">
      <label for="status">[[policy.status]]</label>
      <select id="status" name="status"><option value="">[[history.all]]</option>{{#st_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/st_opt}}</select>
    </div>
    <div class="field">
      <label for="policy">[[filter.policy]]</label>
      <select id="policy" name="policy"><option value="">[[history.all_policies]]</option>{{#pol_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/pol_opt}}</select>
    </div>
    <div class="field">
      <label for="from">[[list.from]]</label>
      <input id="from" name="from" type="date" value="{{from}}">
    </div>
    <div class="field">
      <label for="to">[[list.to]]</label>
      <input id="to" name="to" type="date" value="{{to}}">
    </div>
    <div class="field">
      <label for="per">[[list.per]]</label>
      <select id="per" name="per">{{#per_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{value}}</option>{{/per_opt}}</select>
    </div>
    <div class="field">
      <label for="sort">[[list.sort]]</label>
      <select id="sort" name="sort">{{#sort_opt}}<option value="{{value}}"{{#sel}} selected{{/sel}}>{{label}}</option>{{/sort_opt}}</select>
    </div>
    <div class="field">
      <label for="dir">[[list.dir]]</label>
      <select id="dir" name="dir"><option value="asc"{{#ASC}} selected{{/ASC}}>[[list.dir_asc]]</option><option value="desc"{{#DESC}} selected{{/DESC}}>[[list.dir_desc]]</option></select>
    </div>
    <button type="submit">[[list.apply]]</button>
  </form>
  {{#UNSORTED}}<p class="notice" role="status">{{text}}</p>{{/UNSORTED}}
  <p class="summary">[[list.by_state]] {{#sum}}<a href="{{BASE}}{{href}}">{{label}}<span class="n">{{n}}</span></a>{{#sum_separator}} · {{/sum_separator}}{{/sum}}</p>
  <p>[[list.count]] <strong>{{total}}</strong> · [[download.label]] <a href="{{BASE}}/returns/list.xlsx?{{fq}}">Excel</a> · <a href="{{BASE}}/returns/list.csv?{{fq}}">CSV</a></p>
  {{#EMPTY}}<div class="empty"><p>[[list.empty]]</p></div>{{/EMPTY}}
  {{#TABLE}}
  <div class="table-wrap"><table class="data">
    <thead><tr>{{#col}}<th scope="col"{{#cur}} aria-sort="{{dir}}"{{/cur}}>{{#link}}<a class="sort" href="{{BASE}}/returns/list?{{href}}">{{label}}{{#ARW}} <span aria-hidden="true">{{arrow}}</span><span class="sr-only">{{how}}</span>{{/ARW}}</a>{{/link}}{{#plain}}{{label}}{{/plain}}</th>{{/col}}</tr></thead>
    <tbody>
    {{#row}}<tr><td data-label="[[ret.tracking_number]]"><a class="mono" href="{{BASE}}/returns/{{tracking}}">{{tracking}}</a></td><td data-label="[[filter.policy]]">{{policy}}</td><td data-label="[[list.customer]]">{{name}}</td><td data-label="[[list.ra]]">{{ra}}</td><td data-label="[[list.order]]">{{order}}</td><td data-label="[[policy.service]]">{{service}}</td><td data-label="[[list.reason]]">{{reason}}</td><td data-label="[[policy.status]]"><span class="status rs-{{status_id}}">{{status}}</span></td><td class="nowrap" data-label="[[list.created]]">{{created}}</td><td class="nowrap" data-label="[[list.delivered]]">{{delivered}}</td></tr>{{/row}}
    </tbody>
  </table></div>
  {{/TABLE}}
  {{#PAGES}}<nav class="pager" aria-label="[[list.pages]]">{{#PREV}}<a href="{{BASE}}/returns/list?{{prev}}" rel="prev">[[list.prev]]</a>{{/PREV}} <span>{{page_of}}</span> {{#NEXT}}<a href="{{BASE}}/returns/list?{{next}}" rel="next">[[list.next]]</a>{{/NEXT}}</nav>{{/PAGES}}
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="tab">
  {{#WELCOME}}<p class="notice ok" role="status">[[policies.welcome]]</p>{{/WELCOME}}
  {{#DONE}}<p class="notice ok" role="status">{{done}}</p>{{/DONE}}
  {{>BANNERS}}
  <div class="tab-head">
    <h1>[[policies.title]]</h1>
    <a class="button primary" href="{{BASE}}/policies/new">[[policies.new]]</a>
  </div>
  <p class="help">[[policies.help]]</p>
  {{#EMPTY}}
  <div class="empty">
    <h2>[[policies.empty_title]]</h2>
    <p>[[policies.empty_text]]</p>
  </div>
  {{/EMPTY}}
  {{#TABLE}}
  <div class="table-wrap">
  <table class="data">
    <caption class="sr-only">[[policies.title]]</caption>
    <thead><tr>
      <th scope="col">[[policy.number]]</th><th scope="col">[[policy.name]]</th>
      <th scope="col">[[policy.channel]]</th><th scope="col">[[policy.service]]</th>
      <th scope="col">[[policy.status]]</th><th scope="col">[[policy.updated]]</th>
      <th scope="col"><span class="sr-only">[[policies.actions]]</span></th>
    </tr></thead>
    <tbody>
    {{#row}}
    <tr>
      <td data-label="[[policy.number]]"><a href="{{BASE}}/policies/{{number}}">{{number}}</a></td>
      <td data-label="[[policy.name]]">{{name}}</td><td data-label="[[policy.channel]]">{{channel}}</td><td data-label="[[policy.service]]">{{service}}</td>
      <td data-label="[[policy.status]]"><span class="status status-{{status_id}}">{{status}}</span></td>
      <td class="nowrap" data-label="[[policy.updated]]">{{updated}}</td>
      <td class="actions">
        {{#LINK}}<button type="button" class="link" data-copy-text="{{link}}" data-done="[[policies.link_copied]]" hidden>[[policies.copy_link]]<span class="sr-only"> {{number}}</span></button><noscript><a href="{{BASE}}/policies/{{number}}#link">[[policies.link]]<span class="sr-only"> {{number}}</span></a></noscript>{{/LINK}}
        <a href="{{BASE}}/policies/{{number}}/edit">[[policies.edit]]<span class="sr-only"> {{number}}</span></a>
        {{#can_deactivate}}<form method="post" action="{{BASE}}/policies/{{number}}/deactivate"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[policies.deactivate]]<span class="sr-only"> {{number}}</span></button></form>{{/can_deactivate}}
        {{#can_activate}}<form method="post" action="{{BASE}}/policies/{{number}}/activate"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[policies.activate]]<span class="sr-only"> {{number}}</span></button></form>{{/can_activate}}
        <a href="{{BASE}}/policies/{{number}}/delete" class="danger-link">[[policies.delete]]<span class="sr-only"> {{number}}</span></a>
      </td>
    </tr>
    {{/row}}
    </tbody>
  </table>
  </div>
  {{/TABLE}}
</section>
<script src="{{BASE}}/static/copy.js"></script>

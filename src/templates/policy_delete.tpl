{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>[[policy.delete_title]] {{number}}</h1>
  <p class="lead"><strong>{{name}}</strong></p>
  <div class="notice bad">
    <p>[[policy.delete_final]]</p>
    <p>[[policy.delete_labels]]</p>
  </div>
  <form method="post" action="{{BASE}}/policies/{{number}}/delete" class="inline-actions">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="danger">[[policy.delete_confirm]]</button>
    <a class="button" href="{{BASE}}/policies/{{number}}">[[policy.delete_cancel]]</a>
  </form>
</section>

{{%AUTOESCAPE context="HTML"}}
<section class="card prose">
  <h1>[[help.title]]</h1>
  <p class="lead">[[help.lead]]</p>
  <h2>[[help.q_policy]]</h2>
  <p>[[help.a_policy]]</p>
  <h2>[[help.q_link]]</h2>
  <p>[[help.a_link]]</p>
  <h2>[[help.q_returns]]</h2>
  <p>[[help.a_returns]]</p>
  <h2>[[help.q_notify]]</h2>
  <p>[[help.a_notify]]</p>
  <h2>[[help.q_suspended]]</h2>
  <p>[[help.a_suspended]]</p>
  <h2>[[help.q_delete]]</h2>
  <p>[[help.a_delete]]</p>
</section>

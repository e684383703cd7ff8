{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · {{SITE}}</title>
<link rel="stylesheet" href="{{BASE}}/static/style.css">
<link rel="icon" href="{{BASE}}/static/favicon.svg" type="image/svg+xml">
{{#SHOP_THEME}}<link rel="stylesheet" href="{{BASE}}{{theme}}">{{/SHOP_THEME}}
</head>
<body>
<a class="skip" href="#main">[[nav.skip]]</a>
<header class="top">
  <div class="bar">
    {{#PUBLIC}}<span class="brand{{#SHOP_LOGO}} has-logo{{/SHOP_LOGO}}">{{#SHOP_LOGO}}<img class="shop-logo" src="{{BASE}}{{logo}}" alt="">{{/SHOP_LOGO}}{{SITE}}</span>{{/PUBLIC}}{{#MERCHANT}}<a class="brand" href="{{BASE}}/">[[app.name]]</a>{{/MERCHANT}}
    <nav class="util" aria-label="[[nav.util]]">
      {{#LANG_LINK}}<a class="lang" href="{{BASE}}{{OTHER_LANG_URL}}" lang="{{OTHER_LANG}}" hreflang="{{OTHER_LANG}}">{{OTHER_LANG_NAME}}</a>{{/LANG_LINK}}
      {{#LANG_FORM}}<button type="submit" class="lang link" form="{{id}}" formaction="{{BASE}}{{OTHER_LANG_URL}}" formnovalidate name="switch_lang" value="1" lang="{{OTHER_LANG}}">{{OTHER_LANG_NAME}}</button>{{/LANG_FORM}}
      {{#MERCHANT}}<a href="{{BASE}}/help">[[nav.help]]</a>{{/MERCHANT}}
      {{#AUTH}}
      <details class="menu">
        <summary>[[nav.account]] <span class="who">{{BUSINESS}}</span></summary>
        <div class="menu-pop">
          <p class="menu-email">{{EMAIL}}</p>
          <a href="{{BASE}}/account/profile">[[nav.profile]]</a>
          <a href="{{BASE}}/account/payment">[[nav.payment]]</a>
          <a href="{{BASE}}/account/password">[[nav.password]]</a>
          <form method="post" action="{{BASE}}/account/logout">
            <input type="hidden" name="csrf" value="{{CSRF}}">
            <button type="submit" class="link">[[nav.logout]]</button>
          </form>
        </div>
      </details>
      {{/AUTH}}
      {{#ANON}}
      <a href="{{BASE}}/account/login">[[nav.login]]</a>
      {{#SIGNUP}}<a href="{{BASE}}/account/signup">[[nav.signup]]</a>{{/SIGNUP}}
      {{/ANON}}
    </nav>
  </div>
  {{#AUTH}}
  <nav class="tabs" aria-label="[[nav.tabs]]">
    <a href="{{BASE}}/returns/" {{#TAB_returns}}aria-current="page"{{/TAB_returns}}>[[tab.returns]]</a>
    <a href="{{BASE}}/policies/" {{#TAB_policies}}aria-current="page"{{/TAB_policies}}>[[tab.policies]]</a>
    <a href="{{BASE}}/settings/notifications" {{#TAB_settings}}aria-current="page"{{/TAB_settings}}>[[tab.settings]]</a>
  </nav>
  {{/AUTH}}
</header>
<main id="main">
{{>BODY}}
</main>
<footer class="foot">
  {{#OPERATOR_FOOT}}<p>[[footer.text]]</p>{{/OPERATOR_FOOT}}
  {{#SHOP_FOOT}}<p>{{contact}}</p>{{/SHOP_FOOT}}
</footer>
</body>
</html>

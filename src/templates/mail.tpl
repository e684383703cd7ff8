{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="{{LANG}}">
<head><meta charset="utf-8"><title>{{title}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1d2329">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d5dbe1;border-radius:8px;padding:24px">
{{#SHOP_LOGO}}<img src="{{logo}}" alt="{{business}}" style="display:block;max-height:48px;max-width:200px;margin:0 0 8px;border:0">{{/SHOP_LOGO}}<p style="margin:0 0 4px;color:#4e5a65;font-size:13px">{{business}}</p>
<h1 style="margin:0 0 16px;font-size:20px">{{title}}</h1>
{{#para}}<p style="margin:0 0 12px;line-height:1.5">{{text}}</p>{{/para}}
{{#EVENTS}}<table style="border-collapse:collapse;width:100%;margin:0 0 12px;font-size:14px">
<thead><tr>
<th scope="col" style="text-align:left;padding:4px 8px 4px 0;border-bottom:1px solid #d5dbe1">{{h_time}}</th>
<th scope="col" style="text-align:left;padding:4px 8px 4px 0;border-bottom:1px solid #d5dbe1">{{h_tracking}}</th>
<th scope="col" style="text-align:left;padding:4px 8px 4px 0;border-bottom:1px solid #d5dbe1">{{h_event}}</th>
<th scope="col" style="text-align:left;padding:4px 0;border-bottom:1px solid #d5dbe1">{{h_customer}}</th>
</tr></thead>
<tbody>{{#ev}}<tr>
<td style="padding:4px 8px 4px 0;white-space:nowrap">{{time}}</td>
<td style="padding:4px 8px 4px 0;font-family:monospace">{{tracking}}</td>
<td style="padding:4px 8px 4px 0">{{event}} <span style="color:#4e5a65">({{policy}})</span></td>
<td style="padding:4px 0">{{customer}}</td>
</tr>{{/ev}}</tbody>
</table>{{/EVENTS}}
{{#LINK}}<p style="margin:20px 0"><a href="{{url}}" style="display:inline-block;background:{{ACCENT}};color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:bold">{{label}}</a></p>
<p style="margin:0 0 12px;font-size:12px;color:#4e5a65">{{url}}</p>{{/LINK}}
</div>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#4e5a65">[[mail.footer]]</p>
</body>
</html>

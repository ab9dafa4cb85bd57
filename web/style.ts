// The pages' stylesheet, served at STYLESHEET_PATH (src/http/app.ts) rather than inlined:
// the Content-Security-Policy of the pages allows styles from this site only (no inline
// <style> or style=""), and browsers keep it across pages.

export const STYLESHEET = `
:root{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:52rem;padding:0 1rem}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 0;border-bottom:1px solid #767676}
header nav ul,footer{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header nav a,footer a{display:inline-block;padding:.5rem 0;min-height:24px}
footer{padding:1rem 0;border-top:1px solid #767676;margin-top:2rem}
.brand{font-weight:700;font-size:1.25rem;margin-right:auto}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
label,legend{display:block;font-weight:600;margin-top:1rem}
fieldset{border:1px solid #767676;margin-top:1rem}
fieldset label{font-weight:400;margin-top:.25rem}
input,button,select,textarea{font:inherit;min-height:44px;padding:.25rem .75rem;box-sizing:border-box;max-width:100%}
input:not([type=checkbox]):not([type=radio]),select,textarea{display:block}
input[type=checkbox],input[type=radio]{min-height:24px;min-width:24px;vertical-align:middle}
input[type=text],input[type=password],input[type=email],input[type=search],input[type=number],input[type=date],input[type=datetime-local],input[type=url],input[type=time],select,textarea{width:100%;max-width:32rem;border:1px solid #595959}
button{margin-top:1rem;cursor:pointer;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:4px}
button.secondary{background:#fff;color:#0b4f9c}
.days label{display:inline-block;margin-right:1rem}
button.danger{background:#8a0000;border-color:#8a0000}
a.download{display:inline-block;min-height:44px;padding:.5rem .75rem;box-sizing:border-box;background:#0b4f9c;color:#fff;border-radius:4px}
.table-scroll{overflow-x:auto}
.actions form.inline{display:inline-block;margin:.5rem .5rem 0 0}
.pre-line{white-space:pre-line}
.volunteer-details{border-left:4px solid #0b4f9c;background:#eef4fb;padding:.5rem 1rem;margin:1rem 0}
code.url,th code{overflow-wrap:anywhere}
form.inline,form.inline button{display:inline;margin:0}
label.inline{display:inline}
.hint{color:#4a4a4a;font-size:.95rem;margin:0}
.error{color:#a00000;font-weight:600}
.notice{background:#e8f4e8;border-left:4px solid #1d6b1d;padding:.5rem 1rem}
.cards{list-style:none;padding:0;display:grid;gap:1rem}
.cards li{border:1px solid #767676;border-radius:6px;padding:.75rem 1rem}
.cards h3{margin:0 0 .25rem}
.meta{color:#4a4a4a;margin:0}
.preview{border:2px dashed #595959;padding:1rem;border-radius:8px}
.subnav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:1rem 0 0}
.subnav a{display:inline-block;padding:.5rem 0}
.subnav a[aria-current=page]{font-weight:700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #767676;vertical-align:top}
a.button{display:inline-block;min-height:44px;padding:.6rem 1.25rem;box-sizing:border-box;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:4px;font-weight:700;font-size:1.1rem;text-decoration:none}
a.button:hover{background:#083b75}
.help{margin:1.5rem 0}
.follow-second{margin-top:2rem;border-top:1px solid #767676;font-size:.95rem}
.follow-second button{background:#fff;color:#0b4f9c}
@media(min-width:48rem){.cards{grid-template-columns:1fr 1fr}}
@media print{header,footer,nav{display:none}a{color:inherit;text-decoration:none}}
.notifications{list-style:none;padding:0}.notifications li{border-bottom:1px solid #767676;padding:.5rem 0}
.notifications li.unread{border-left:4px solid #0b4f9c;padding-left:.75rem}
.notifications-link .count{background:#a00000;color:#fff;border-radius:1rem;padding:0 .4rem;font-weight:700}
.response-time{font-weight:600}
.calendar-grid{display:none}.calendar-list{list-style:none;padding:0}.calendar-list>li{border-top:1px solid #767676}.calendar-list h3{margin:.75rem 0 .25rem;font-size:1.05rem}
.calendar-grid td{width:14.28%;min-height:5rem;border:1px solid #767676;font-size:.85rem;padding:.25rem}.calendar-grid th{text-align:center}
.calendar-grid td ul,.calendar-list ul{list-style:none;padding:0;margin:.25rem 0}.calendar-grid td li{margin-bottom:.4rem;overflow-wrap:anywhere}
.calendar-grid abbr{text-decoration:none}.calendar-grid .meta{font-size:.8rem}.calendar-list li li{margin-bottom:.25rem}
q:lang(fr){quotes:"«\\00a0" "\\00a0»"}.advanced summary{cursor:pointer;font-weight:600;padding:.5rem 0;color:#0b4f9c}.calendar-filters{margin:1rem 0}.calendar-filters summary{cursor:pointer;font-weight:600;padding:.5rem 0;color:#0b4f9c}.calendar-nav{display:flex;flex-wrap:wrap;gap:0 2rem}
.calendar-grid td[aria-current=date]{background:#eef4fb;border:2px solid #0b4f9c}.day-number{font-weight:700}
@media(min-width:48rem){.calendar-grid{display:block}.calendar-list{display:none}body:has(.calendar-grid){max-width:72rem}}
figure.chart{margin:1.5rem 0}figure.chart figcaption{font-weight:700;margin-bottom:.5rem}
figure.chart svg{display:block;max-width:28rem;height:auto;margin-bottom:.5rem}
.bar-1{fill:#0b4f9c}.bar-2{fill:#1d6b1d}.bar-3{fill:#8a4b08}
.chart-label{font-size:14px;font-weight:600;fill:#1a1a1a}.chart-text{font-size:13px;fill:#1a1a1a}
table.indicators td{font-variant-numeric:tabular-nums;white-space:nowrap}
.attestation{border:1px solid #767676;padding:.5rem 1rem;margin:1rem 0}.attestation th,.attestation td{padding:.4rem .3rem}.attestation td{white-space:nowrap}.attestation tbody th{hyphens:auto;overflow-wrap:break-word}
.attestation .verify{overflow-wrap:anywhere}
@page{margin:2cm}@media print{body{max-width:none;padding:0}.no-print,.skip{display:none}.attestation{border:none;padding:0}main{font-size:12pt}a.download,button{display:none}}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.profile-head{display:flex;gap:1rem;align-items:center}.profile-head h1{margin:0}.profile-head .logo{width:4.5rem;height:4.5rem;object-fit:contain;border-radius:.5rem;border:1px solid #ccc;background:#fff;flex:none}
.picture{margin:1rem 0}.picture img{max-width:100%;height:auto;border-radius:.5rem}.picture.preview img{max-height:16rem;width:auto}.picture figcaption{font-size:.9rem;color:#444}
`;

/** FNV-1a, 32 bits: enough to give each version of the stylesheet its own address. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Its address changes with its content, so that it can be kept for a year (immutable). */
export const STYLESHEET_PATH = `/assets/style-${fingerprint(STYLESHEET)}.css`;

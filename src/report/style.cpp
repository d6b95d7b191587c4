// The report's inline stylesheet: readable on a phone and a laptop, light and dark, and print.
#include "style.hpp"

namespace porwatch::report {

const char* stylesheet()
{
    return R"css(
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--all:#0969da;--ver:#1a7f37;
--fail:#cf222e;--alert:#bc4c00;--ok:#1a7f37;--quiet:#d1d9e0}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;
--all:#4493f8;--ver:#3fb950;--fail:#f85149;--alert:#db6d28;--ok:#3fb950;--quiet:#3d444d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:16px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:.2em 0 .5em}h3{font-size:1em;margin:1em 0 .3em}
p{margin:.4em 0}.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:16px 0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:8px 20px;margin:8px 0}
.stat>b{display:block;font-size:.75em;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
.num,.hash,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;font-variant-numeric:tabular-nums}
.hash,.num{overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 .5em;border-radius:1em;font-size:.8em;font-weight:600;border:1px solid currentColor}
.complete,.verified,.ok,.up{color:var(--ok)}.failed,.disputed,.firing,.down{color:var(--fail)}.partial,.pending{color:var(--alert)}
svg.chart{display:block;width:100%;height:auto;margin:6px 0}svg.chart *{vector-effect:non-scaling-stroke}
svg .plot{fill:none;stroke:var(--line)}svg .quiet{fill:var(--quiet);opacity:.6}
svg .all{fill:none;stroke:var(--all);stroke-width:2.2;stroke-linejoin:round}
svg .verified{fill:none;stroke:var(--ver);stroke-width:2;stroke-dasharray:6 4}
svg .dot{fill:var(--all)}svg .range{stroke:var(--muted);stroke-width:.8;stroke-dasharray:2 3}
svg .missing{stroke:var(--fail);stroke-width:2.5}svg .alert{stroke:var(--alert);stroke-width:1.6;stroke-dasharray:5 3}
svg .alert.resolved{stroke:var(--ok)}
.axis{display:flex;justify-content:space-between;gap:8px;font-size:.8em;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.8em;color:var(--muted);margin:4px 0}
.key{display:inline-block;width:16px;height:0;border-top:3px solid;vertical-align:middle;margin-right:4px}
.key.all{border-color:var(--all)}.key.verified{border-color:var(--ver);border-top-style:dashed}
.key.missing{border-color:var(--fail);width:3px;height:10px;border-top:0;border-left:3px solid var(--fail)}
.key.alert{border-color:var(--alert);border-top-style:dashed}.key.quiet{border:0;height:10px;background:var(--quiet)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.87em}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.8em;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
td.r,th.r{text-align:right}
details>summary{cursor:pointer;color:var(--muted);margin:6px 0}
footer{font-size:.8em;color:var(--muted);margin:24px 0 8px}
@media (max-width:640px){body{font-size:14px}main{padding:8px}.card{padding:10px;border-radius:6px}
.stats{grid-template-columns:1fr 1fr}th,td{padding:3px 5px}svg.chart{height:190px}}
@media print{:root{--fg:#000;--muted:#444;--bg:#fff;--card:#fff;--line:#999;--quiet:#ddd}
body{font-size:10.5pt}main{max-width:none;padding:0}.card{break-inside:avoid;border-color:#999}
svg.chart{max-height:7cm}.scroll{overflow:visible}@page{margin:12mm}}
)css";
}

}  // namespace porwatch::report

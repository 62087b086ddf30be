#!/usr/bin/python3
"""Writes a page that measures, in the browser, whether every text of the
report's charts lies inside its chart.

usage: svgfit.py REPORT.html OUT.html

OUT.html holds each <svg class="chart ..."> of the report as it is, and a
script (the report itself allows none) that compares the box of every
<text> on the screen with its <svg>'s, once with the page's sans-serif and
once with DejaVu Sans (wider: the face Chromium falls back to when
Liberation Sans is not installed). Its result is one line in
<pre id="fit">:

    charts N texts M outside K [label @ chart ...]
"""
import re
import sys

SCRIPT = """
<script>
function measure() {
  var svgs = document.querySelectorAll('svg.chart'), texts = 0, bad = [];
  svgs.forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      texts++;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        bad.push(JSON.stringify(t.textContent) + ' @ ' +
                 svg.getAttribute('class') + ' ' +
                 Math.round(r.left - box.left) + '..' +
                 Math.round(r.right - box.left) + '/' +
                 Math.round(box.width));
    });
  });
  return {charts: svgs.length, texts: texts, bad: bad};
}
var a = measure();
document.querySelectorAll('svg.chart text').forEach(function (t) {
  t.style.fontFamily = '"DejaVu Sans"';
});
var b = measure();
document.getElementById('fit').textContent =
  'charts ' + a.charts + ' texts ' + (a.texts + b.texts) +
  ' outside ' + (a.bad.length + b.bad.length) + ' ' +
  a.bad.concat(b.bad).join(' ; ');
</script>
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        page = f.read()
    charts = re.findall(r'<svg [^>]*class="chart[^"]*".*?</svg>', page,
                        re.S)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write('<!doctype html><html><head><meta charset="utf-8">'
                '<title>fit</title></head><body style="margin:0">\n')
        for c in charts:
            f.write('<div>' + c + '</div>\n')
        f.write('<pre id="fit">not measured</pre>\n' + SCRIPT +
                '</body></html>\n')


main()

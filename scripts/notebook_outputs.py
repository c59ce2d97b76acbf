"""Checks an executed notebook's saved outputs: no error output, and, for the analysis notebooks, at least one inline
chart (an <img> in an HTML output) and one table (a <table>). Usage: notebook_outputs.py SOURCE.ipynb EXECUTED.ipynb"""
import json
import os
import sys

# quickstart is a walkthrough of the jobs; every other notebook must show charts and tables inline.
TEXT_ONLY = {"quickstart.ipynb"}

source, executed = sys.argv[1], sys.argv[2]
cells = json.load(open(executed))["cells"]
html = []
for cell in cells:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            sys.exit(f"{executed}: a cell failed: {output.get('evalue', '')[:300]}")
        text = output.get("data", {}).get("text/html", "")
        html.append("".join(text) if isinstance(text, list) else text)
if os.path.basename(source) not in TEXT_ONLY:
    joined = "\n".join(html)
    images = joined.count("<img")
    tables = joined.count("<table")
    if images == 0 or tables == 0:
        sys.exit(f"{executed}: saved outputs hold {images} inline images and {tables} tables; expected both")
    print(f"{os.path.basename(source)}: {images} inline charts, {tables} tables", file=sys.stderr)

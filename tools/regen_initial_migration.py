"""Rewrite migrations/0001_initial.py as a frozen copy of models.py.

Only while nothing is deployed: once a studio runs the bot, schema changes are new numbered
migrations (``python -m playhouse.migrations <db> generate -d migrations models NAME``).
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(here)
for path in glob.glob("migrations/0001_*.py"):
    os.remove(path)
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "playhouse.migrations", f"sqlite:///{tmp}/x.db",
                    "initial", "-d", "migrations", "models"], check=True, capture_output=True)
(path,) = glob.glob("migrations/0001_*.py")
with open(path, encoding="utf-8") as fh:
    text = fh.read()
# peewee marks callable defaults it cannot write out; models.py keeps them, so drop the notes.
text = re.sub(r"^# T[O]DO:.*\n", "", text, flags=re.M)
text = re.sub(r"^# Generated from a schema diff on .*\n",
              "# The initial schema: a frozen copy of models.py (tools/regen_initial_migration.py).\n",
              text, flags=re.M)
with open(path, "w", encoding="utf-8") as fh:
    fh.write(text)
print(path)

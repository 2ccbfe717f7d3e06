"""Start-up: from process spawn to the first getUpdates, for the bot and for a bare PTB bot
started the same way (the baseline), both against the offline Bot API served over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from common import ROOT, TOKEN

BARE = textwrap.dedent("""
    import sys
    from telegram.ext import ApplicationBuilder
    app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
    app.run_polling()
""")


def first_get_updates(make_cmd, cwd: str, env: dict) -> float:
    """Seconds from spawn to the first getUpdates, on a fresh fake server (no stray calls)."""
    from offline import FakeTelegram, serve_http

    api = FakeTelegram()
    server = serve_http(api)
    server.handle_error = lambda request, address: None  # a killed client's broken pipe
    cmd = make_cmd(f"http://127.0.0.1:{server.server_address[1]}/bot")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 30:
            if any(c.method == "getUpdates" for c in list(api.calls)):
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError("no getUpdates within 30 s")
    finally:
        proc.terminate()
        proc.wait(10)
        server.shutdown()


def main(runs: int = 3) -> dict:
    env = dict(os.environ, STUDIO_BOT_TOKEN=TOKEN)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"

        def bot_cmd(base: str) -> list[str]:
            config.write_text(textwrap.dedent(f"""
                [telegram]
                base_url = "{base}"
                [studio]
                group_chat_id = -1001234567890
                managers = [1]
                [database]
                url = "sqlite:///{tmp}/studio.db"
            """), encoding="utf-8")
            return [sys.executable, str(ROOT / "bot.py"), "--config", str(config)]

        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        bot = [first_get_updates(bot_cmd, tmp, env) for _ in range(runs)]
        bare = [first_get_updates(lambda base: [sys.executable, str(bare_script), TOKEN, base],
                                  tmp, env) for _ in range(runs)]
    result = {"bot": min(bot), "bare": min(bare)}
    result["ratio"] = result["bot"] / result["bare"]
    print(f"start to first getUpdates: bot {result['bot']:.2f} s, bare PTB {result['bare']:.2f} s,"
          f" ratio {result['ratio']:.2f} (best of {runs})")
    return result


if __name__ == "__main__":
    main()

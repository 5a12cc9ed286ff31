"""Step ``wsl-conf``: ``/etc/wsl.conf`` settings a Go workstation wants (edited losslessly, needs root).

- ``[boot] systemd=true`` when unset (services such as docker and the wslgo proxy unit need it; WSL005);
- ``[interop] appendWindowsPath=false`` only when a Windows ``go.exe``/``git.exe``/``gcc.exe`` wins on PATH
  over the Linux one (doctor WSL016) — otherwise the Windows PATH is useful (``code``, ``explorer.exe``);
- ``metadata`` in ``[automount] options``, so chmod and exec bits on ``/mnt/c`` are real (WSL017).

The values are ``wslgo.wslconf.recommend``'s, the ones doctor suggests.

The file is read with WSL's own rules (``wslgo.wslconf``): rejected lines are left untouched for doctor
to report, and a note says when WSL stops reading before the lines setup adds. WSL reads the file when the
distro starts, so a change needs ``wsl.exe --terminate <distro>``.
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.facts.wsl import wsl_kind
from wslgo.setup.common import Refusal, check_bytes, make_edit
from wslgo.setup.model import SetupInputs, SetupOptions
from wslgo.wslconf import recommend
from wslgo.wslconf.reader import read_wsl_config
from wslgo.wslconf.syntax import render, set_value

STEP = "wsl-conf"


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options
    path = inputs.target.wsl_conf
    # On the live machine, only a WSL distro reads /etc/wsl.conf (a --root/--home target has no evidence
    # and is edited as asked: that is how images are prepared on other machines).
    if inputs.evidence is not None and wsl_kind(inputs.evidence) == "none":
        return Plan(notes=(f"{STEP}: this machine is not WSL, so {path} is not read by anything; skipped",))
    try:
        data = check_bytes(inputs, path)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    reading = read_wsl_config(data or b"", "wsl.conf", label=path)
    document = reading.document
    reasons: list[str] = []
    for item in recommend.wsl_conf(reading, inputs.windows_tools_shadow):
        assert item.value is not None
        try:
            document = set_value(document, item.section, item.key, item.value)
        except ValueError as exc:
            return Plan(refusals=(f"{path}: left untouched: {exc}",))
        reasons.append(f"[{item.section}] {item.key}={item.value}: {item.why}")
    after = render(document)
    edit = make_edit(inputs, path, after, reasons, STEP)
    if edit is None:
        return Plan()
    notes: list[str] = []
    if reading.stopped_at is not None:
        notes.append(
            f"{path}:{reading.stopped_at}: WSL stops reading at this invalid line; settings after it "
            "(including ones setup adds there) take effect only once it is fixed (see 'wslgo doctor')"
        )
    distro = inputs.target.distro or "<distro>"
    commands = (
        f"wsl.exe --terminate {distro}   # /etc/wsl.conf is read when the distro starts; "
        "then open a new terminal",
    )
    return Plan((edit,), commands=commands, notes=tuple(notes))

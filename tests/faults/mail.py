"""An e-mail backend for the worker fault test: one file per message (written whole, then
renamed, so a killed worker leaves no half message), after a pause that stands in for a slow
mail server, so that a kill lands in the middle of a batch."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileMailer(BaseEmailBackend):
    def __init__(self, *, file_path, delay=0.0, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.delay = float(delay)

    def send_messages(self, messages):
        for message in messages:
            time.sleep(self.delay)
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            partial = self.directory / f".{name}.part"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, self.directory / f"{name}.eml")
        return len(messages)

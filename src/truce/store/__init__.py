"""The persistent store: schema, migrations, audit chain and the Store object."""

from __future__ import annotations

from truce.store.core import Store, WriteTxn, default_actor

__all__ = ["Store", "WriteTxn", "default_actor"]

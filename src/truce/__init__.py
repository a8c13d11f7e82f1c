"""truce: ceasefire monitoring and verification.

Reports go in (articles, statements, observer and sensor reports), come out as
source-attributed claims, incidents with a corroboration status, agreement
compliance and situation reports. One core, used by the CLI, the API and reports.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

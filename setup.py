"""The package list, for setuptools (everything else is in pyproject.toml).

The top-level ``notebooks/`` folder ships inside the package as ``kit/_notebooks`` (a ``package_dir``
mapping, so the checkout keeps its shape and nothing is copied); :func:`kit.config.bundled_notebooks`
finds the notebooks of a checkout first, then those of the installed package.
"""

from setuptools import find_packages, setup

#: The notebook folders and the package each one becomes.
NOTEBOOKS = {"kit._notebooks": "notebooks", "kit._notebooks.workshop": "notebooks/workshop",
             "kit._notebooks.workshop.solutions": "notebooks/workshop/solutions"}

setup(
    packages=[*find_packages(include=["kit", "kit.*"]), *NOTEBOOKS],
    package_dir=NOTEBOOKS,
    package_data=dict.fromkeys(NOTEBOOKS, ["*.ipynb", "*.md"]),
)

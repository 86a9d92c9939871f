from setuptools import setup, find_packages

setup(
    name="tidy-stats",
    version="1.0.0",
    description="Small summary statistics for lists of numbers (Airlock demo package).",
    packages=find_packages(),
    python_requires=">=3.9",
)

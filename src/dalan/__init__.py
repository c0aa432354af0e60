"""dalan: plan and simulate freight on the corridors joining Europe and Russia to Iran and the Gulf."""

__version__ = "0.1.0"

"""Whole-stack load and fault drivers: real n8n, Python nodes under uvicorn, Redis, fakes."""

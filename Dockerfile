# syntax=docker/dockerfile:1.7
# BMC Bot Python nodes: a multi-stage image (wheels built once, slim non-root runtime).
# Build from the repository root:  docker build -t bmc-bot/py-nodes .

ARG PYTHON_VERSION=3.11

# --- build: resolve the pinned dependencies into wheels -----------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY py_nodes ./py_nodes
RUN python -m pip wheel --wheel-dir /wheels -c constraints.txt .

# --- runtime: only the wheels, a non-root user and a healthcheck --------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ARG APP_VERSION=dev
LABEL org.opencontainers.image.title="bmc-bot-py-nodes" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.source="https://github.com/bmc-uruguay/bmc-bot"
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    DATA_DIR=/var/lib/bmc-bot APP_VERSION=${APP_VERSION}
RUN groupadd --system --gid 10001 bmc \
    && useradd --system --uid 10001 --gid bmc --home-dir /nonexistent --shell /usr/sbin/nologin bmc \
    && mkdir -p /var/lib/bmc-bot && chown bmc:bmc /var/lib/bmc-bot
COPY --from=build /wheels /wheels
RUN python -m pip install --no-index --find-links=/wheels /wheels/*.whl && rm -rf /wheels
USER 10001:10001
WORKDIR /var/lib/bmc-bot
EXPOSE 8000
# X-Forwarded-For is judged by the app against TRUSTED_PROXIES, not by uvicorn (--no-proxy-headers).
# Liveness only: readiness (/health/ready) is what the compose healthcheck and the deploy gate ask.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=2).status == 200 else 1)"]
CMD ["uvicorn", "py_nodes.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", \
     "--no-access-log", "--no-proxy-headers"]

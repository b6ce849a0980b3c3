# Migraine Companion: polling by default; see README "Operating the bot".
#
# The base image is pinned by digest, so a rebuild gets the same Python and Debian until the digest is
# changed on purpose. This is a digest of python:3.11-slim found in two unrelated public Dockerfiles (one
# of which builds it in its tests); it could not be checked here, as this machine cannot reach Docker Hub.
# Check or refresh it where Docker runs, and put the result here:
#   docker buildx imagetools inspect python:3.11-slim --format '{{json .Manifest.Digest}}'
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

# Stage 1: the dependencies, every file checked against requirements.lock's hashes, into /opt/venv.
FROM ${PYTHON_IMAGE} AS dependencies
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# --no-deps: the lock is the whole tree, nothing is resolved here; wheels only: nothing is compiled.
RUN /opt/venv/bin/pip install --require-hashes --no-deps --only-binary=:all: -r /tmp/requirements.lock

# Stage 2: the red-flag screen's hot modules compiled with mypyc (content/redflags/build.py), with a C compiler
# the runtime image does not carry. Without mypyc and setuptools in the lock the build says so and leaves the
# folder empty: the source runs.
FROM dependencies AS compiled
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml ./
COPY content ./content
RUN /opt/venv/bin/python -m content.redflags.build && mkdir -p content/redflags/_compiled

# Stage 3: the runtime, the same base image plus the virtualenv, then the code.
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite+aiosqlite:////app/data/migraine.db

WORKDIR /app
RUN useradd --create-home --uid 10001 companion && mkdir -p /app/data && chown companion:companion /app/data
COPY --from=dependencies /opt/venv /opt/venv

# The code comes last: a change to it rebuilds only these layers, never the dependencies. It runs from
# /app (python -m bot), so the project itself needs no install step.
COPY alembic.ini ./
COPY bot ./bot
COPY content ./content
COPY --from=compiled /build/content/redflags/_compiled ./content/redflags/_compiled
COPY scheduler ./scheduler
COPY storage ./storage
RUN python -m compileall -q bot content scheduler storage

USER companion
VOLUME ["/app/data"]

HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

# Migrate first (the bot would also do it, but a failed migration should stop the container here).
CMD ["sh", "-c", "alembic upgrade head && exec python -m bot run"]

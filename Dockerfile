# Migraine Companion: polling by default; see README "Operating the bot".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/migraine.db

WORKDIR /app
RUN useradd --create-home --uid 10001 companion

COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY content ./content
COPY scheduler ./scheduler
COPY storage ./storage
RUN pip install --no-cache-dir . && mkdir -p /app/data && chown -R companion:companion /app/data

USER companion
VOLUME ["/app/data"]

HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

# Migrate first (the bot would also do it, but a failed migration should stop the container here).
CMD ["sh", "-c", "alembic upgrade head && exec python -m bot run"]

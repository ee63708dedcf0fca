# syntax=docker/dockerfile:1
# Project Nexus: build the dependencies in one stage, run as a non-root user in the next.

FROM python:3.13-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"
# Only the locked dependency list first (every package pinned with its hashes), so code
# changes reuse this layer. `make lock` writes it from pyproject.toml.
COPY requirements-prod.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-prod.lock
COPY . .
# Hashed, compressed static files baked into the image. The key is a throwaway: nothing is
# signed at build time, and the real one comes from the environment at run time.
RUN DJANGO_DEBUG=0 SECRET_KEY=build-only-dummy-key-not-used-at-runtime ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0

FROM python:3.13-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/venv/bin:$PATH" PORT=8000
RUN groupadd --system --gid 10001 nexus \
    && useradd --system --uid 10001 --gid nexus --home-dir /app --shell /usr/sbin/nologin nexus
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=nexus:nexus /app /app
RUN mkdir -p /app/media && chown nexus:nexus /app/media
USER 10001:10001
EXPOSE 8000
# Ask as the first allowed host would be asked; /healthz is exempt from the HTTPS redirect.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': h}), timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]

# Thi đua: one image for the web server (gunicorn), the Celery worker and Celery beat.
# See docker-compose.yml; settings come from the environment (.env.example lists them).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# What WeasyPrint 70 loads at run time (Pango, HarfBuzz subsetting, JPEG, MIME types). No font package: the app
# bundles its fonts under static/. No gettext: the compiled catalogue (locale/vi/.../django.mo) is in the repository.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libjpeg62-turbo \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 1000 thidua \
    && useradd --uid 1000 --gid thidua --home-dir /app --no-create-home --shell /usr/sbin/nologin thidua

WORKDIR /app

# Requirements first, so a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .

# Static files are collected into the image (whitenoise serves them).
# The key and host here exist only for these commands; the real ones come from the environment.
# media/ (uploads, a volume in docker-compose.yml) and var/ are the only places the app writes.
RUN export DJANGO_SECRET_KEY=build-time-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
        DJANGO_ALLOWED_HOSTS=localhost \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/var \
    && chown thidua:thidua /app/media /app/var

USER thidua

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

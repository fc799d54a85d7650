#!/usr/bin/env bash
# Start a real WordPress (Debian's wordpress package) on ADDR:PORT with its
# own MariaDB, php-fpm and nginx, all under DIR, and fill it with
# blogport's test content (seed.php). Prints nothing on success; the URL is
# in DIR/url, the application password in DIR/app-password, the process ids
# in DIR/pids (stop with: kill $(cat DIR/pids)).
#
#   testdata/wordpress/serve.sh /tmp/wp 127.0.0.1 8081
set -euo pipefail
DIR=$(realpath -m "$1"); ADDR=$2; PORT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"/{db,run,log,tmp}
chmod 1777 "$DIR/tmp"
: > "$DIR/pids"

# MariaDB on a private socket, no TCP
mariadb-install-db --no-defaults --datadir="$DIR/db" --auth-root-authentication-method=normal --skip-test-db >"$DIR/log/db-install.log" 2>&1
mariadbd --no-defaults --datadir="$DIR/db" --socket="$DIR/run/db.sock" --skip-networking --user=root \
	--pid-file="$DIR/run/db.pid" >"$DIR/log/db.log" 2>&1 &
echo $! >> "$DIR/pids"
for _ in $(seq 100); do [ -S "$DIR/run/db.sock" ] && break; sleep 0.1; done
mariadb --no-defaults --socket="$DIR/run/db.sock" -uroot -e "CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';"

# WordPress core, copied so that its config and uploads stay under DIR
cp -a /usr/share/wordpress "$DIR/wp"
mkdir -p "$DIR/wp/wp-content/uploads" "$DIR/wp/wp-content/mu-plugins"
cp "$HERE/offline.php" "$DIR/wp/wp-content/mu-plugins/"
cat > "$DIR/wp/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wp'); define('DB_USER', 'wp'); define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$DIR/run/db.sock');
define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
define('WP_HOME', 'http://$ADDR:$PORT'); define('WP_SITEURL', 'http://$ADDR:$PORT');
define('WP_CONTENT_DIR', '$DIR/wp/wp-content'); define('WP_CONTENT_URL', 'http://$ADDR:$PORT/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('AUTH_KEY', 'test'); define('SECURE_AUTH_KEY', 'test'); define('LOGGED_IN_KEY', 'test'); define('NONCE_KEY', 'test');
define('AUTH_SALT', 'test'); define('SECURE_AUTH_SALT', 'test'); define('LOGGED_IN_SALT', 'test'); define('NONCE_SALT', 'test');
define('DISABLE_WP_CRON', true); define('AUTOMATIC_UPDATER_DISABLED', true); define('WP_DEBUG', false);
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP

# php-fpm and nginx
cat > "$DIR/php-fpm.conf" <<CONF
[global]
pid = $DIR/run/fpm.pid
error_log = $DIR/log/fpm.log
daemonize = no
[wp]
listen = $DIR/run/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 2
catch_workers_output = yes
php_admin_value[upload_tmp_dir] = $DIR/tmp
php_admin_value[sys_temp_dir] = $DIR/tmp
CONF
FPM=$(ls /usr/sbin/php-fpm* | sort -V | tail -1)
"$FPM" -R -y "$DIR/php-fpm.conf" >"$DIR/log/fpm.out" 2>&1 &
echo $! >> "$DIR/pids"

NGINX_USER=""
[ "$(id -u)" = 0 ] && NGINX_USER="user root;" # workers must reach DIR, which may be private
cat > "$DIR/nginx.conf" <<CONF
$NGINX_USER
daemon off;
pid $DIR/run/nginx.pid;
error_log $DIR/log/nginx-error.log;
events {}
http {
	include /etc/nginx/mime.types;
	access_log $DIR/log/access.log;
	client_body_temp_path $DIR/tmp; proxy_temp_path $DIR/tmp; fastcgi_temp_path $DIR/tmp;
	uwsgi_temp_path $DIR/tmp; scgi_temp_path $DIR/tmp;
	server {
		listen $ADDR:$PORT;
		root $DIR/wp;
		index index.php;
		include $DIR/nginx-extra.conf;
		location / { try_files \$uri \$uri/ /index.php?\$args; }
		location ~ \.php$ {
			include /etc/nginx/fastcgi_params;
			fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
			fastcgi_param HTTP_HOST \$http_host;
			fastcgi_pass unix:$DIR/run/fpm.sock;
		}
	}
}
CONF
: > "$DIR/nginx-extra.conf" # tests block the REST API here
nginx -c "$DIR/nginx.conf" >"$DIR/log/nginx.out" 2>&1 &
echo $! >> "$DIR/pids"

# install and seed through WordPress's own functions
WP_DIR="$DIR/wp" WP_URL="http://$ADDR:$PORT" OUT="$DIR" HTTP_HOST="$ADDR:$PORT" php "$HERE/seed.php" >"$DIR/log/seed.log" 2>&1 || { cat "$DIR/log/seed.log" >&2; exit 1; }
for _ in $(seq 100); do
	(exec 3<>"/dev/tcp/$ADDR/$PORT") 2>/dev/null && break
	sleep 0.1
done
echo "http://$ADDR:$PORT" > "$DIR/url"

{{/*
Names
*/}}
{{- define "chatbridge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name: release-chart, 63 characters at most (DNS names). Kept short enough for the
"-redis" suffix.
*/}}
{{- define "chatbridge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 57 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 57 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 57 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "chatbridge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "chatbridge.redis.fullname" -}}
{{- printf "%s-redis" (include "chatbridge.fullname" .) }}
{{- end }}

{{/*
Labels. The app pods and the bundled Redis pods share name and instance and differ by component.
*/}}
{{- define "chatbridge.commonLabels" -}}
helm.sh/chart: {{ include "chatbridge.chart" . }}
app.kubernetes.io/name: {{ include "chatbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "chatbridge.labels" -}}
{{ include "chatbridge.commonLabels" . }}
app.kubernetes.io/component: bot
{{- end }}

{{- define "chatbridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chatbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: bot
{{- end }}

{{- define "chatbridge.redis.labels" -}}
{{ include "chatbridge.commonLabels" . }}
app.kubernetes.io/component: redis
{{- end }}

{{- define "chatbridge.redis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chatbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{- define "chatbridge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chatbridge.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "chatbridge.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Secrets: the tokens live in existingSecret or in the Secret this chart renders.
*/}}
{{- define "chatbridge.secretName" -}}
{{- default (include "chatbridge.fullname" .) .Values.existingSecret }}
{{- end }}

{{- define "chatbridge.redis.secretName" -}}
{{- default (include "chatbridge.redis.fullname" .) .Values.redis.auth.existingSecret }}
{{- end }}

{{- define "chatbridge.redis.secretKey" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecretPasswordKey }}
{{- else -}}
redis-password
{{- end }}
{{- end }}

{{/*
A generated secret value that survives upgrades: the value already stored in the cluster, if
any (lookup returns nothing under `helm template`), otherwise a new random one.
Call with (dict "context" $ "secret" NAME "key" KEY).
*/}}
{{- define "chatbridge.generatedSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .context.Release.Namespace .secret }}
{{- if and $existing (hasKey $existing.data .key) }}
{{- index $existing.data .key | b64dec }}
{{- else }}
{{- randAlphaNum 32 }}
{{- end }}
{{- end }}

{{/*
Modes, as "true" or "" (include returns strings).
*/}}

{{/* Telegram is on when a token is given, or may be in existingSecret (unless telegram.enabled=false). */}}
{{- define "chatbridge.telegram.active" -}}
{{- if and .Values.telegram.enabled (or .Values.telegram.botToken .Values.existingSecret) }}true{{ end }}
{{- end }}

{{/* Long polling: Telegram on and no webhook URL. Exactly one replica may run. */}}
{{- define "chatbridge.telegram.polling" -}}
{{- if and (include "chatbridge.telegram.active" .) (not .Values.telegram.webhookUrl) }}true{{ end }}
{{- end }}

{{- define "chatbridge.telegram.webhook" -}}
{{- if and (include "chatbridge.telegram.active" .) .Values.telegram.webhookUrl }}true{{ end }}
{{- end }}

{{/* Discord is on when a token is given, or may be in existingSecret (unless discord.enabled=false). */}}
{{- define "chatbridge.discord.active" -}}
{{- if and .Values.discord.enabled (or .Values.discord.botToken .Values.existingSecret) }}true{{ end }}
{{- end }}

{{/* Discord sharded: more than one shard; the pods then run as a StatefulSet. */}}
{{- define "chatbridge.discord.sharded" -}}
{{- if gt (int .Values.discord.shards) 1 }}true{{ end }}
{{- end }}

{{/* A comma list of ids; numbers are printed as integers (YAML numbers arrive as floats). */}}
{{- define "chatbridge.idList" -}}
{{- $ids := list }}
{{- range . }}
{{- if kindIs "string" . }}
{{- $ids = append $ids . }}
{{- else if and (kindIs "float64" .) (or (gt . 9007199254740991.0) (lt . -9007199254740991.0)) }}
{{- /* YAML numbers reach templates as float64: a Discord id written unquoted has already lost digits. */}}
{{- fail (printf "an id written as a number (read as %v) is too large for a YAML number and has lost digits: write it in quotes" .) }}
{{- else }}
{{- $ids = append $ids (printf "%d" (int64 .)) }}
{{- end }}
{{- end }}
{{- join "," $ids }}
{{- end }}

{{/*
Combinations that cannot work fail the render with a message that says what to change.
*/}}
{{- define "chatbridge.validate" -}}
{{- $v := .Values }}
{{- if and (not $v.existingSecret) (not (and $v.telegram.enabled $v.telegram.botToken)) (not $v.discord.botToken) }}
{{- fail "chatbridge: no bot token. Set telegram.botToken and/or discord.botToken, or existingSecret (a Secret with the keys telegram-bot-token and/or discord-bot-token)." }}
{{- end }}
{{- if include "chatbridge.telegram.polling" . }}
{{- if gt (int $v.replicaCount) 1 }}
{{- fail (printf "chatbridge: Telegram long polling (telegram.webhookUrl is empty) runs exactly one replica, but replicaCount is %d: a second poller gets HTTP 409 Conflict from Telegram. Set replicaCount=1, or set telegram.webhookUrl for webhook mode." (int $v.replicaCount)) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- fail "chatbridge: autoscaling.enabled needs Telegram webhook mode, but telegram.webhookUrl is empty: with long polling exactly one replica may run (a second poller gets HTTP 409 Conflict). Set telegram.webhookUrl, or autoscaling.enabled=false." }}
{{- end }}
{{- end }}
{{- if and $v.autoscaling.enabled (not $v.telegram.webhookUrl) }}
{{- fail "chatbridge: autoscaling.enabled needs Telegram webhook mode (telegram.webhookUrl)." }}
{{- end }}
{{- if include "chatbridge.discord.sharded" . }}
{{- if and (not $v.discord.botToken) (not $v.existingSecret) }}
{{- fail "chatbridge: discord.shards > 1 needs discord.botToken (or existingSecret with the key discord-bot-token)." }}
{{- end }}
{{- if gt (int $v.replicaCount) (int $v.discord.shards) }}
{{- fail (printf "chatbridge: replicaCount (%d) is larger than discord.shards (%d): pods without a shard would idle. Lower replicaCount or raise discord.shards." (int $v.replicaCount) (int $v.discord.shards)) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- fail "chatbridge: autoscaling.enabled cannot be combined with discord.shards > 1: the shards are split over a fixed replicaCount. Set autoscaling.enabled=false." }}
{{- end }}
{{- end }}
{{- if and (include "chatbridge.discord.active" .) (not (include "chatbridge.discord.sharded" .)) }}
{{- $hint := "" }}
{{- if not $v.discord.botToken }}
{{- $hint = " If the Secret holds no Discord token, set discord.enabled=false." }}
{{- end }}
{{- if gt (int $v.replicaCount) 1 }}
{{- fail (printf "chatbridge: Discord with one gateway shard (discord.shards=1) runs in exactly one pod, but replicaCount is %d: every pod would open shard 0 and receive the same events. Set discord.shards to at least replicaCount (the pods then split the shards), or replicaCount=1.%s" (int $v.replicaCount) $hint) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- fail (printf "chatbridge: autoscaling.enabled cannot be combined with Discord: with one gateway shard (discord.shards=1) exactly one pod may run, and shards are split over a fixed replicaCount. Set autoscaling.enabled=false.%s" $hint) }}
{{- end }}
{{- end }}
{{- if and $v.redis.enabled $v.redis.url }}
{{- fail "chatbridge: redis.url and redis.enabled are both set. Use redis.enabled=true for the bundled Redis, or redis.enabled=false with redis.url for an external one." }}
{{- end }}
{{- if and (not $v.redis.enabled) (not $v.redis.url) (not $v.existingSecret) }}
{{- fail "chatbridge: no Redis. Keep redis.enabled=true for the bundled Redis, or set redis.enabled=false with redis.url (or the key redis-url in existingSecret) for an external one." }}
{{- end }}
{{- if and $v.existingSecret $v.redis.url }}
{{- fail (printf "chatbridge: redis.url is stored in the chart's Secret, which is not rendered when existingSecret is set. Put the URL under the key redis-url of the Secret %s instead." $v.existingSecret) }}
{{- end }}
{{- if $v.existingSecret }}
{{- range $p := include "chatbridge.proxySecrets" . | fromYamlArray }}
{{- if index $p "value" }}
{{- fail (printf "chatbridge: %s is stored in the chart's Secret, which is not rendered when existingSecret is set. Put it under the key %s of the Secret %s instead." (index $p "param") (index $p "key") $v.existingSecret) }}
{{- end }}
{{- end }}
{{- if $v.mj.notifySecret }}
{{- fail (printf "chatbridge: mj.notifySecret is stored in the chart's Secret, which is not rendered when existingSecret is set. Put it under the key mj-notify-secret of the Secret %s instead." $v.existingSecret) }}
{{- end }}
{{- end }}
{{- if $v.redis.enabled }}
{{- $_ := include "chatbridge.redis.maxmemory" . }}
{{- end }}
{{- end }}

{{/*
The proxy URLs (they may hold credentials, so they live in the Secret): env name, Secret key, value and
the value's name, as a YAML list.
*/}}
{{- define "chatbridge.proxySecrets" -}}
{{- $v := .Values }}
- {env: HTTPS_PROXY, key: https-proxy, param: proxy.https, value: {{ $v.proxy.https | quote }}}
- {env: HTTP_PROXY, key: http-proxy, param: proxy.http, value: {{ $v.proxy.http | quote }}}
- {env: ALL_PROXY, key: all-proxy, param: proxy.all, value: {{ $v.proxy.all | quote }}}
- {env: TELEGRAM_PROXY, key: telegram-proxy, param: telegram.proxy, value: {{ $v.telegram.proxy | quote }}}
- {env: DISCORD_PROXY, key: discord-proxy, param: discord.proxy, value: {{ $v.discord.proxy | quote }}}
- {env: OPENAI_PROXY, key: openai-proxy, param: openai.proxy, value: {{ $v.openai.proxy | quote }}}
{{- end }}

{{- define "chatbridge.tools.secretName" -}}
{{- printf "%s-tools" (include "chatbridge.fullname" .) }}
{{- end }}

{{/*
The operator's HTTP tools as Spring properties in JSON (SPRING_APPLICATION_JSON); `parameters` may
be given as an object or as a JSON string.
*/}}
{{- define "chatbridge.tools.json" -}}
{{- $tools := list }}
{{- range .Values.tools.http }}
{{- $tool := dict "name" .name "description" .description "url" .url "method" (default "POST" .method) "timeout" (default "10s" .timeout) }}
{{- with .parameters }}
{{- $_ := set $tool "parameters" (kindIs "string" . | ternary . (toJson .)) }}
{{- end }}
{{- with .headers }}
{{- $_ := set $tool "headers" . }}
{{- end }}
{{- $tools = append $tools $tool }}
{{- end }}
{{- dict "chatbridge" (dict "features" (dict "tools" (dict "http" $tools))) | toJson }}
{{- end }}

{{/*
A Kubernetes quantity (256Mi, 1Gi, 500M, 268435456) in bytes.
*/}}
{{- define "chatbridge.bytes" -}}
{{- $q := kindIs "string" . | ternary . (printf "%.0f" (float64 .)) }}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" $q }}
{{- $unit := trimPrefix $number $q }}
{{- $units := dict "" 1 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 }}
{{- if or (not $number) (not (hasKey $units $unit)) }}
{{- fail (printf "chatbridge: %q is no memory quantity (e.g. 256Mi, 1Gi or bytes)." $q) }}
{{- end }}
{{- mulf (float64 $number) (index $units $unit) | floor | int64 }}
{{- end }}

{{/*
The bundled Redis' maxmemory in bytes: redis.maxmemory, or 75% of its container's memory limit; always
below that limit, so that with noeviction a full Redis answers errors instead of being OOM-killed.
*/}}
{{- define "chatbridge.redis.maxmemory" -}}
{{- $r := .Values.redis }}
{{- $limit := dig "limits" "memory" "" ($r.resources | default dict) }}
{{- if $r.maxmemory }}
{{- $max := include "chatbridge.bytes" $r.maxmemory | int64 }}
{{- if and $limit (ge $max (include "chatbridge.bytes" $limit | int64)) }}
{{- fail (printf "chatbridge: redis.maxmemory (%v) must stay below redis.resources.limits.memory (%v), or Redis is OOM-killed before it starts refusing writes. Lower redis.maxmemory (or leave it empty: 75%% of the limit)." $r.maxmemory $limit) }}
{{- end }}
{{- $max }}
{{- else if $limit }}
{{- div (mul (include "chatbridge.bytes" $limit | int64) 3) 4 }}
{{- else }}
{{- fail "chatbridge: the bundled Redis needs redis.resources.limits.memory (its maxmemory is 75% of it) or redis.maxmemory, so that it refuses writes instead of growing until it is killed." }}
{{- end }}
{{- end }}

{{/*
The ChatBridge container's environment: the contract's variables; secrets only by reference.
*/}}
{{- define "chatbridge.secretEnv" -}}
{{- /* (dict "context" $ "name" ENV "key" KEY "value" VALUE-IN-VALUES) */ -}}
{{- if or .context.Values.existingSecret .value }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "chatbridge.secretName" .context }}
      key: {{ .key }}
      {{- if .context.Values.existingSecret }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}

{{- define "chatbridge.env" -}}
{{- $v := .Values }}
{{- if $v.telegram.enabled }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "TELEGRAM_BOT_TOKEN" "key" "telegram-bot-token" "value" $v.telegram.botToken) }}
- name: TELEGRAM_API_URL
  value: {{ $v.telegram.apiUrl | quote }}
{{- if $v.telegram.webhookUrl }}
- name: TELEGRAM_WEBHOOK_URL
  value: {{ $v.telegram.webhookUrl | quote }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "TELEGRAM_WEBHOOK_SECRET" "key" "telegram-webhook-secret" "value" "generated") }}
{{- end }}
{{- end }}
{{- if $v.discord.enabled }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "DISCORD_BOT_TOKEN" "key" "discord-bot-token" "value" $v.discord.botToken) }}
{{- end }}
{{- if include "chatbridge.discord.sharded" . }}
- name: CHATBRIDGE_DISCORD_SHARD_TOTAL
  value: {{ $v.discord.shards | int | quote }}
- name: CHATBRIDGE_DISCORD_SHARD_REPLICAS
  value: {{ $v.replicaCount | int | quote }}
- name: CHATBRIDGE_DISCORD_SHARD_PODNAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end }}
{{- range $env, $ids := dict "CHATBRIDGE_DISCORD_COMMANDGUILDS" $v.discord.commandGuilds "CHATBRIDGE_DISCORD_ALLOWEDGUILDS" $v.discord.allowedGuilds "CHATBRIDGE_DISCORD_ALLOWEDCHANNELS" $v.discord.allowedChannels }}
{{- if $ids }}
- name: {{ $env }}
  value: {{ include "chatbridge.idList" $ids | quote }}
{{- end }}
{{- end }}
- name: OPENAI_BASE_URL
  value: {{ $v.openai.baseUrl | quote }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "OPENAI_API_KEY" "key" "openai-api-key" "value" $v.openai.apiKey) }}
- name: CHAT_MODEL
  value: {{ $v.chatModel | quote }}
{{- with $v.models.include }}
- name: CHATBRIDGE_MODELS_INCLUDE
  value: {{ join "," . | quote }}
{{- end }}
{{- with $v.models.exclude }}
- name: CHATBRIDGE_MODELS_EXCLUDE
  value: {{ join "," . | quote }}
{{- end }}
{{- with $v.models.aliases }}
- name: CHATBRIDGE_MODELS_ALIASES
  value: {{ include "chatbridge.modelAliases" . | quote }}
{{- end }}
{{- with $v.visionModel }}
- name: VISION_MODEL
  value: {{ . | quote }}
{{- end }}
- name: TRANSCRIBE_MODEL
  value: {{ $v.transcribeModel | quote }}
{{- with $v.systemPrompt }}
- name: CHATBRIDGE_CHAT_SYSTEMPROMPT
  value: {{ . | quote }}
{{- end }}
{{- with $v.publicBaseUrl }}
- name: PUBLIC_BASE_URL
  value: {{ . | quote }}
{{- end }}
{{- if $v.mj.baseUrl }}
- name: MJ_BASE_URL
  value: {{ $v.mj.baseUrl | quote }}
{{- end }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "MJ_API_KEY" "key" "mj-api-key" "value" $v.mj.apiKey) }}
{{- if $v.mj.notifyHookBaseUrl }}
- name: CHATBRIDGE_MJ_NOTIFYHOOKBASEURL
  value: {{ $v.mj.notifyHookBaseUrl | quote }}
{{- include "chatbridge.secretEnv" (dict "context" . "name" "CHATBRIDGE_MJ_NOTIFYSECRET" "key" "mj-notify-secret" "value" "generated") }}
{{- end }}
- name: CHATBRIDGE_FEATURES_TOOLS_MAXROUNDS
  value: {{ $v.tools.maxRounds | int | quote }}
{{- if $v.tools.http }}
# The operator's HTTP tools, as Spring properties in JSON (their headers often hold keys).
- name: SPRING_APPLICATION_JSON
  valueFrom:
    secretKeyRef:
      name: {{ include "chatbridge.tools.secretName" . }}
      key: application.json
{{- end }}
{{- range $p := include "chatbridge.proxySecrets" . | fromYamlArray }}
{{- include "chatbridge.secretEnv" (dict "context" $ "name" (index $p "env") "key" (index $p "key") "value" (index $p "value")) }}
{{- end }}
{{- with $v.proxy.noProxy }}
- name: NO_PROXY
  value: {{ . | quote }}
{{- end }}
{{- if $v.redis.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "chatbridge.redis.secretName" . }}
      key: {{ include "chatbridge.redis.secretKey" . }}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s:6379/0" (include "chatbridge.redis.fullname" .) | quote }}
{{- else }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "chatbridge.secretName" . }}
      key: redis-url
{{- end }}
- name: BOT_ALLOWED_USERS
  value: {{ include "chatbridge.idList" $v.bot.allowedUsers | quote }}
- name: BOT_ADMINS
  value: {{ include "chatbridge.idList" $v.bot.admins | quote }}
- name: BOT_ALLOWED_CHATS
  value: {{ include "chatbridge.idList" $v.bot.allowedChats | quote }}
- name: SERVER_PORT
  value: {{ $v.containerPort | int | quote }}
- name: SHUTDOWN_GRACE_PERIOD
  value: {{ printf "%ds" (int $v.shutdown.gracePeriodSeconds) | quote }}
- name: CHATBRIDGE_LIMITS_MESSAGESPERMINUTE
  value: {{ $v.limits.messagesPerMinute | int64 | quote }}
- name: CHATBRIDGE_LIMITS_DAILYTOKENS
  value: {{ $v.limits.dailyTokens | int64 | quote }}
- name: CHATBRIDGE_LIMITS_DAILYIMAGEJOBS
  value: {{ $v.limits.dailyImageJobs | int64 | quote }}
- name: CHATBRIDGE_LIMITS_MAXMESSAGECHARS
  value: {{ $v.limits.maxMessageChars | int64 | quote }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The pod template, shared by the Deployment and (Discord sharding) the StatefulSet.
*/}}
{{- define "chatbridge.podTemplate" -}}
metadata:
  {{- $annotations := deepCopy .Values.podAnnotations }}
  {{- if not .Values.existingSecret }}
  {{- /* Token changes roll the pods. */}}
  {{- $_ := set $annotations "checksum/secret" (include (print .Template.BasePath "/secret.yaml") . | sha256sum) }}
  {{- end }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  labels:
    {{- include "chatbridge.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  serviceAccountName: {{ include "chatbridge.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  # The app's grace period, the preStop pause, and 10 s for the rest of the shutdown.
  terminationGracePeriodSeconds: {{ add .Values.shutdown.gracePeriodSeconds .Values.shutdown.preStopSleepSeconds 10 }}
  containers:
    - name: chatbridge
      image: {{ include "chatbridge.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      {{- if gt (int .Values.shutdown.preStopSleepSeconds) 0 }}
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "{{ .Values.shutdown.preStopSleepSeconds }}"]
      {{- end }}
      ports:
        - name: http
          containerPort: {{ .Values.containerPort }}
          protocol: TCP
      env:
        {{- include "chatbridge.env" . | trim | nindent 8 }}
      {{- with .Values.startupProbe }}
      startupProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.livenessProbe }}
      livenessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.readinessProbe }}
      readinessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with .Values.volumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- with .Values.volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* Model aliases as the app reads them: name=model-id pairs, comma-separated, sorted by name. */}}
{{- define "chatbridge.modelAliases" -}}
{{- $pairs := list }}
{{- range $name, $id := . }}
{{- $pairs = append $pairs (printf "%s=%s" $name $id) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

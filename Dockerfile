# PatientIndex server image, built in two stages: the SDK compiles, the ASP.NET runtime runs.
#   docker build -t patientindex .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/PatientIndex.Core/PatientIndex.Core.csproj src/PatientIndex.Core/
COPY src/PatientIndex.Storage/PatientIndex.Storage.csproj src/PatientIndex.Storage/
COPY src/PatientIndex.Ml/PatientIndex.Ml.csproj src/PatientIndex.Ml/
COPY src/PatientIndex.Extracts/PatientIndex.Extracts.csproj src/PatientIndex.Extracts/
COPY src/PatientIndex.Synth/PatientIndex.Synth.csproj src/PatientIndex.Synth/
COPY src/PatientIndex.Fhir/PatientIndex.Fhir.csproj src/PatientIndex.Fhir/
COPY src/PatientIndex.Server/PatientIndex.Server.csproj src/PatientIndex.Server/
RUN dotnet restore src/PatientIndex.Server/PatientIndex.Server.csproj
COPY proto/ proto/
COPY models/ models/
COPY src/PatientIndex.Core/ src/PatientIndex.Core/
COPY src/PatientIndex.Storage/ src/PatientIndex.Storage/
COPY src/PatientIndex.Ml/ src/PatientIndex.Ml/
COPY src/PatientIndex.Extracts/ src/PatientIndex.Extracts/
COPY src/PatientIndex.Synth/ src/PatientIndex.Synth/
COPY src/PatientIndex.Fhir/ src/PatientIndex.Fhir/
COPY src/PatientIndex.Server/ src/PatientIndex.Server/
RUN dotnet publish src/PatientIndex.Server/PatientIndex.Server.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Listen on every interface inside the container: gRPC (HTTP/2) on 5080, web (HTTP/1.1) on 5081.
ENV Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:5080 \
    Kestrel__Endpoints__Web__Url=http://0.0.0.0:5081
EXPOSE 5080 5081
USER app
# Healthy once the candidate index is built (503 while it loads); bash's /dev/tcp, as the image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5081 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "PatientIndex.Server.dll"]
